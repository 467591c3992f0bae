// What a service button says before a touch: from the hub's issue state when known, else from the
// snapshot's hours and the site's clock; a 409 from the hub is remembered.
import { describe, expect, it } from 'vitest';
import type { Service } from '../common/types.js';
import { SiteClock } from '../common/ui/site-clock.js';
import { serviceAvailability } from './service-availability.js';
import { bestColumns } from './layout.js';

const service = (over: Partial<Service> = {}): Service => ({
  id: 'a', siteId: 's', code: 'A', name: { vi: 'Tư pháp' }, active: true, dailyCap: 200,
  hours: { sessions: [{ start: '07:00', end: '11:15' }, { start: '13:15', end: '16:30' }], weekdays: [1, 2, 3, 4, 5], closedDates: ['2026-09-02'] },
  ...over,
});
// 2026-11-23 is a Monday.
const at = (iso: string) => new SiteClock({ serverTime: iso, deviceNow: Date.parse(iso) }).local(Date.parse(iso));

describe('service availability', () => {
  it('reads the site clock from the hub time with its offset, not the device zone', () => {
    const l = at('2026-11-23T01:30:00.000Z');
    expect(l).toMatchObject({ date: '2026-11-23', hh: 1, weekday: 1 });
    const vn = at('2026-11-23T08:30:00.000+07:00');
    expect(vn).toMatchObject({ date: '2026-11-23', hh: 8, mm: 30, weekday: 1 });
    expect(at('2026-11-23T23:30:00.000+07:00').date).toBe('2026-11-23');
  });

  it('open within a session, outside between sessions with the next start, closed at weekends and holidays', () => {
    expect(serviceAvailability(service(), at('2026-11-23T08:30:00+07:00'))).toEqual({ state: 'open' });
    expect(serviceAvailability(service(), at('2026-11-23T12:00:00+07:00'))).toEqual({ state: 'outside_hours', opensAt: '13:15' });
    expect(serviceAvailability(service(), at('2026-11-23T16:30:00+07:00'))).toEqual({ state: 'outside_hours', opensAt: null });
    expect(serviceAvailability(service(), at('2026-11-22T09:00:00+07:00'))).toEqual({ state: 'closed_day' });
    expect(serviceAvailability(service(), at('2026-09-02T09:00:00+07:00'))).toEqual({ state: 'closed_day' });
    expect(serviceAvailability(service({ hours: null }), at('2026-11-22T03:00:00+07:00'))).toEqual({ state: 'open' });
    expect(serviceAvailability(service({ active: false }), at('2026-11-23T08:30:00+07:00'))).toEqual({ state: 'inactive' });
  });

  it("the hub's issue state wins over the local hours", () => {
    const now = at('2026-11-23T08:30:00+07:00');
    expect(serviceAvailability(service(), now, undefined, 0, 'daily_cap_reached')).toEqual({ state: 'cap' });
    expect(serviceAvailability(service(), at('2026-11-23T12:00:00+07:00'), undefined, 0, null)).toEqual({ state: 'open' });
  });

  it('a cap refusal holds for the rest of the local day; other refusals for a minute', () => {
    const now = at('2026-11-23T08:30:00+07:00');
    const cap = { code: 'daily_cap_reached', date: '2026-11-23', untilMs: 0 };
    expect(serviceAvailability(service(), now, cap)).toEqual({ state: 'cap' });
    expect(serviceAvailability(service(), at('2026-11-24T08:30:00+07:00'), cap)).toEqual({ state: 'open' });
    const hours = { code: 'outside_hours', date: '2026-11-23', untilMs: 1_000 };
    expect(serviceAvailability(service(), now, hours, 500).state).toBe('outside_hours');
    expect(serviceAvailability(service(), now, hours, 2_000).state).toBe('open');
  });

  it('the grid picks 2 columns in portrait and 4 in landscape for ten services', () => {
    expect(bestColumns(10, 1040, 1500)).toBe(2);
    expect(bestColumns(10, 1880, 780)).toBe(4);
    expect(bestColumns(1, 1040, 1500)).toBe(1);
  });
});
