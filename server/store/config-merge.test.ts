import { describe, expect, it } from 'vitest';
import { mergeConfig } from './config-merge.js';

const session = (tokenHash: string, userId = 'u1') => ({ tokenHash, userId, createdAt: 1, expiresAt: 2 });

describe('mergeConfig (three-way, several hubs saving the config document)', () => {
  const base = {
    version: 2, sessions: [session('a')], users: [{ id: 'u1', name: 'An', siteIds: ['s1'] }, { id: 'u2', name: 'Bình', siteIds: [] }],
    devices: [{ id: 'd1', name: 'Kiosk', tokenHash: 'x' }], demo: null as null | { siteId: string },
  };
  const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

  it('keeps two logins made at once on two hubs', () => {
    const mine = clone(base); mine.sessions.push(session('b'));
    const theirs = clone(base); theirs.sessions.push(session('c'));
    expect(mergeConfig(base, mine, theirs).sessions.map((s) => s.tokenHash)).toEqual(['a', 'c', 'b']);
  });

  it('applies what mine removed, keeps what theirs removed removed', () => {
    const mine = clone(base); mine.sessions = []; // logout on this hub
    const theirs = clone(base); theirs.devices = []; // a device revoked on the other
    const out = mergeConfig(base, mine, theirs);
    expect(out.sessions).toEqual([]);
    expect(out.devices).toEqual([]);
  });

  it('a removal wins over a change on the other side', () => {
    const mine = clone(base); mine.devices[0].name = 'Kiosk 2';
    const theirs = clone(base); theirs.devices = [];
    expect(mergeConfig(base, mine, theirs).devices).toEqual([]);
  });

  it('merges one element changed on both sides field by field; a field changed on both: mine', () => {
    const mine = clone(base); mine.users[0].name = 'An (mine)'; mine.users[1].name = 'B';
    const theirs = clone(base); theirs.users[0].siteIds = ['s1', 's2']; theirs.users[1].name = 'C';
    const out = mergeConfig(base, mine, theirs);
    expect(out.users).toEqual([{ id: 'u1', name: 'An (mine)', siteIds: ['s1', 's2'] }, { id: 'u2', name: 'B', siteIds: [] }]);
  });

  it('other fields: mine when mine changed them, else theirs', () => {
    const mine = clone(base); mine.demo = { siteId: 'demo' };
    const theirs = clone(base); theirs.users.push({ id: 'u3', name: 'Chi', siteIds: [] });
    const out = mergeConfig(base, mine, theirs);
    expect(out.demo).toEqual({ siteId: 'demo' });
    expect(out.users.map((u) => u.id)).toEqual(['u1', 'u2', 'u3']);
    const out2 = mergeConfig(base, clone(base), { ...clone(base), demo: { siteId: 'x' } });
    expect(out2.demo).toEqual({ siteId: 'x' });
  });

  it('no change on either side gives theirs; nothing is lost from either', () => {
    expect(mergeConfig(base, clone(base), clone(base))).toEqual(base);
    const mine = clone(base); mine.sessions.push(session('m'));
    expect(mergeConfig(base, mine, clone(base))).toEqual(mine);
  });

  it('without a base (a fresh hub) keyed arrays are unions', () => {
    const mine = { sessions: [session('a'), session('b')] };
    const theirs = { sessions: [session('a'), session('c')] };
    expect(mergeConfig(null, mine, theirs).sessions.map((s) => s.tokenHash)).toEqual(['a', 'c', 'b']);
  });
});
