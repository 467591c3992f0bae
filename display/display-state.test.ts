// The display's state follows the hub's messages: a snapshot replaces everything, events change
// only what they name, and a later snapshot converges whatever was missed.
import { describe, expect, it } from 'vitest';
import type { Counter, QueueSnapshot, Service, Ticket } from '../common/types.js';
import { fromSnapshot, latestCall, lowerPanels, onCalled, onCounterChanged, onSettings, onTicketChanged, onWaiting, waitingPages } from './display-state.js';

const counter = (n: number, over: Partial<Counter> = {}): Counter => ({
  id: `c${n}`, siteId: 's', number: n, name: `Quầy ${n}`, serviceIds: ['a'], status: 'open',
  officer: null, pauseReason: null, currentTicketId: null, ...over,
});
const ticket = (number: string, over: Partial<Ticket> = {}): Ticket => ({
  id: `t-${number}`, number, siteId: 's', serviceId: 'a', priority: null, status: 'waiting',
  issuedAt: '2026-11-23T08:00:00.000+07:00', waitingAhead: 0, estimatedWaitSeconds: 0, ...over,
});
function snapshot(over: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    siteId: 's', date: '2026-11-23', siteName: 'UBND phường', serverTime: '2026-11-23T08:00:00.000+07:00',
    services: [{ id: 'a', siteId: 's', code: 'A', name: { vi: 'Tư pháp' }, active: true, dailyCap: null, hours: null }],
    counters: [counter(2), counter(1)],
    waiting: [{ serviceId: 'a', count: 3, estimatedWaitSeconds: 600 }],
    current: [{ counterId: 'c1', ticket: null }, { counterId: 'c2', ticket: null }],
    recentCalls: [],
    settings: { displayTicker: 'Xin chào', voice: { enabled: true, repeat: 2, chime: true } } as QueueSnapshot['settings'],
    ...over,
  };
}

describe('display state', () => {
  it('takes counters in number order and shows no call before the first', () => {
    const s = fromSnapshot(snapshot());
    expect(s.counters.map((c) => c.number)).toEqual([1, 2]);
    expect(latestCall(s)).toBeNull();
    expect(s.callSeq).toBe(0);
  });

  it('a call puts the ticket at its counter, on top of the recent calls, and bumps the flash', () => {
    let s = fromSnapshot(snapshot());
    const a1 = ticket('A001', { status: 'called', counterId: 'c1' });
    s = onCalled(s, { ticket: a1, counter: { id: 'c1', number: 1, name: 'Quầy 1' } });
    expect(s.current.c1?.number).toBe('A001');
    expect(latestCall(s)?.counter.number).toBe(1);
    expect(s.callSeq).toBe(1);
    const a2 = ticket('A002', { status: 'called', counterId: 'c2' });
    s = onCalled(s, { ticket: a2, counter: { id: 'c2', number: 2, name: 'Quầy 2' } });
    expect(s.recentCalls.map((c) => c.ticket.number)).toEqual(['A002', 'A001']);
  });

  it('a recall moves the ticket back to the top without a duplicate line', () => {
    let s = fromSnapshot(snapshot());
    const c1 = { id: 'c1', number: 1, name: 'Quầy 1' };
    const c2 = { id: 'c2', number: 2, name: 'Quầy 2' };
    s = onCalled(s, { ticket: ticket('A001', { status: 'called', counterId: 'c1' }), counter: c1 });
    s = onCalled(s, { ticket: ticket('A002', { status: 'called', counterId: 'c2' }), counter: c2 });
    s = onCalled(s, { ticket: ticket('A001', { status: 'called', counterId: 'c1', recalls: 1 }), counter: c1 });
    expect(s.recentCalls.map((c) => c.ticket.number)).toEqual(['A001', 'A002']);
    expect(latestCall(s)?.ticket.recalls).toBe(1);
    expect(s.callSeq).toBe(3);
  });

  it('done, no-show and transfer free the counter; the recent list keeps the call', () => {
    let s = fromSnapshot(snapshot());
    const c1 = { id: 'c1', number: 1, name: 'Quầy 1' };
    s = onCalled(s, { ticket: ticket('A001', { status: 'called', counterId: 'c1' }), counter: c1 });
    s = onTicketChanged(s, { ticket: ticket('A001', { status: 'done', counterId: 'c1' }) });
    expect(s.current.c1).toBeNull();
    expect(s.recentCalls[0]?.ticket.status).toBe('done');
    s = onCalled(s, { ticket: ticket('A002', { status: 'called', counterId: 'c1' }), counter: c1 });
    s = onTicketChanged(s, { ticket: ticket('A002', { status: 'waiting', serviceId: 'b' }) });
    expect(s.current.c1).toBeNull();
  });

  it('a closed counter shows no ticket; waiting counts and settings follow their events', () => {
    let s = fromSnapshot(snapshot());
    s = onCalled(s, { ticket: ticket('A001', { status: 'called', counterId: 'c1' }), counter: { id: 'c1', number: 1, name: '' } });
    s = onCounterChanged(s, { counter: counter(1, { status: 'closed', currentTicketId: null }) });
    expect(s.current.c1).toBeNull();
    expect(s.counters.find((c) => c.id === 'c1')?.status).toBe('closed');
    s = onWaiting(s, { waiting: [{ serviceId: 'a', count: 7, estimatedWaitSeconds: 60 }] });
    expect(s.waiting[0]?.count).toBe(7);
    s = onSettings(s, { siteId: 's', settings: { ...s.settings, displayTicker: 'Mới' } });
    expect(s.settings.displayTicker).toBe('Mới');
    s = onSettings(s, { siteId: 'other', settings: { ...s.settings, displayTicker: 'Khác' } });
    expect(s.settings.displayTicker).toBe('Mới');
  });

  it('a snapshot after missed events replaces the state but keeps the flash counter', () => {
    let s = fromSnapshot(snapshot());
    s = onCalled(s, { ticket: ticket('A001', { status: 'called', counterId: 'c1' }), counter: { id: 'c1', number: 1, name: '' } });
    const a5 = ticket('A005', { status: 'called', counterId: 'c2' });
    s = fromSnapshot(snapshot({
      current: [{ counterId: 'c1', ticket: null }, { counterId: 'c2', ticket: a5 }],
      recentCalls: [{ ticket: a5, counter: { id: 'c2', number: 2, name: '' }, at: '2026-11-23T09:00:00+07:00' }],
    }), s);
    expect(s.current.c1).toBeNull();
    expect(s.current.c2?.number).toBe('A005');
    expect(latestCall(s)?.ticket.number).toBe('A005');
    expect(s.callSeq).toBe(1);
  });

  it("a snapshot lists a recalled ticket once, at its newest call", () => {
    const a1 = ticket('A001', { status: 'called', counterId: 'c1', recalls: 1 });
    const c1 = { id: 'c1', number: 1, name: '' };
    const s = fromSnapshot(snapshot({
      recentCalls: [
        { ticket: a1, counter: c1, at: '2026-11-23T09:05:00+07:00' },
        { ticket: ticket('B001', { status: 'done' }), counter: c1, at: '2026-11-23T09:01:00+07:00' },
        { ticket: { ...a1, recalls: 0 }, counter: c1, at: '2026-11-23T09:00:00+07:00' },
      ],
    }));
    expect(s.recentCalls.map((c) => c.ticket.number)).toEqual(['A001', 'B001']);
    expect(latestCall(s)?.ticket.recalls).toBe(1);
  });
});

describe('the lower right panel', () => {
  const svc = (code: string, active = true): Service => ({ id: code, siteId: 's', code, name: { vi: code }, active, dailyCap: null, hours: null });

  it('cuts the active services into as few pages of at most ten as fit, of even size', () => {
    const ten = 'ABCDEFGHKT'.split('').map((c) => svc(c));
    expect(waitingPages(ten).map((p) => p.length)).toEqual([10]);
    const twelve = [...ten, svc('L'), svc('M'), svc('N', false)];
    expect(waitingPages(twelve).map((p) => p.map((s) => s.code).join(''))).toEqual(['ABCDEF', 'GHKTLM']);
    expect(waitingPages('ABCDEFGHIJKLMNOPQRSTU'.split('').map((c) => svc(c))).map((p) => p.length)).toEqual([7, 7, 7]);
    expect(waitingPages([])).toEqual([[]]);
  });

  it('takes turns: every page of waiting counts, then the transparency panel when shown', () => {
    expect(lowerPanels(1, false)).toEqual([{ kind: 'waiting', page: 0 }]);
    expect(lowerPanels(0, true)).toEqual([{ kind: 'waiting', page: 0 }, { kind: 'transparency' }]);
    expect(lowerPanels(2, true)).toEqual([{ kind: 'waiting', page: 0 }, { kind: 'waiting', page: 1 }, { kind: 'transparency' }]);
  });
});
