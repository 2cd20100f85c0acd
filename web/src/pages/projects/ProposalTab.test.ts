import { describe, expect, it } from 'vitest';
import { changedSections } from './ProposalTab';

const before = {
  plan_name: 'แผนงานสร้างความเข้มแข็งของชุมชน',
  name: 'โครงการฝึกอบรมอาชีพการทำขนมไทย',
  rationale: null,
  objectives: ['เพื่อให้ผู้เข้าอบรมมีทักษะการทำขนมไทย'],
  target_quantity: 30,
  method: [{ description: 'ประชุมคณะทำงาน' }],
  benefits: [],
};

describe('the proposal sections a save sends', () => {
  it('sends nothing when nothing changed, lists left empty included', () => {
    // The form leaves empty lists and empty fields out of its body.
    const { benefits: _b, rationale: _r, ...after } = before;
    expect(changedSections(before, after)).toEqual({});
  });

  it('sends only the sections changed', () => {
    expect(changedSections(before, { ...before, rationale: 'ประชาชนว่างงานหลังฤดูเก็บเกี่ยว', method: [{ description: 'ประชุมคณะทำงาน', period: 'ต.ค. 2569' }] })).toEqual({
      rationale: 'ประชาชนว่างงานหลังฤดูเก็บเกี่ยว',
      method: [{ description: 'ประชุมคณะทำงาน', period: 'ต.ค. 2569' }],
    });
  });

  it('sends an emptied section as empty, so the API clears it', () => {
    const { objectives: _o, target_quantity: _q, ...after } = before;
    expect(changedSections(before, after)).toEqual({ objectives: [], target_quantity: null });
  });
});
