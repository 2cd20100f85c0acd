import { describe, expect, it } from 'vitest';
import { foldBeneficiaries, thisMonth, type BeneficiaryRow } from '../../api/dashboard';
import { daysWaiting } from './waiting';

describe('dashboard figures', () => {
  it('fold the beneficiary report into programme totals and one line per village', () => {
    const rows: BeneficiaryRow[] = [
      { programme: 'elderly', village_id: 'v2', village_no: 2, village_name: 'บ้านโนน', age_band: null, status: null, count: 5 },
      { programme: 'disability', village_id: 'v1', village_no: 1, village_name: 'บ้านหนอง', age_band: null, status: null, count: 2 },
      { programme: 'elderly', village_id: 'v1', village_no: 1, village_name: 'บ้านหนอง', age_band: null, status: null, count: 7 },
      { programme: 'elderly', village_id: null, village_no: null, village_name: null, age_band: null, status: null, count: 1 },
    ];
    const { programmes, villages } = foldBeneficiaries(rows);
    expect(programmes).toEqual([
      { programme: 'elderly', count: 13 },
      { programme: 'disability', count: 2 },
    ]);
    expect(villages.map((v) => [v.village_no, v.byProgramme, v.total])).toEqual([
      [1, { disability: 2, elderly: 7 }, 9],
      [2, { elderly: 5 }, 5],
      [null, { elderly: 1 }, 1],
    ]);
  });

  it('name this month as the API names a payroll month', () => {
    expect(thisMonth(new Date(2026, 11, 3))).toBe('2026-12-01');
    expect(thisMonth(new Date(2027, 0, 31))).toBe('2027-01-01');
  });

  it('count the days waited by the calendar', () => {
    const now = new Date(2026, 11, 3, 8, 0);
    expect(daysWaiting(new Date(2026, 11, 3, 7, 0).toISOString(), now)).toBe(0);
    expect(daysWaiting(new Date(2026, 11, 1, 23, 0).toISOString(), now)).toBe(2);
  });
});
