import { describe, expect, it } from 'vitest';
import { daysIn, periodRange, viDate } from '../../admin/periods.js';

describe('report periods', () => {
  it('cover the periods a centre reports on', () => {
    expect(periodRange('day', '2026-08-14')).toEqual({ from: '2026-08-14', to: '2026-08-14' });
    expect(periodRange('week', '2026-08-14')).toEqual({ from: '2026-08-10', to: '2026-08-16' }); // Friday → Mon..Sun
    expect(periodRange('week', '2026-08-16')).toEqual({ from: '2026-08-10', to: '2026-08-16' }); // Sunday
    expect(periodRange('week', '2026-01-01')).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    expect(periodRange('month', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange('quarter', '2026-08-14')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(periodRange('quarter', '2026-12-31')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodRange('half', '2026-06-30')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(periodRange('half', '2026-07-01')).toEqual({ from: '2026-07-01', to: '2026-12-31' });
    expect(periodRange('nine', '2026-11-02')).toEqual({ from: '2026-01-01', to: '2026-09-30' });
    expect(periodRange('year', '2026-11-02')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodRange('custom', '2026-11-02', { from: '2026-03-01', to: '2026-03-15' })).toEqual({ from: '2026-03-01', to: '2026-03-15' });
    expect(daysIn('2026-01-01', '2026-12-31')).toBe(365);
    expect(viDate('2026-07-01')).toBe('01/07/2026');
  });
});
