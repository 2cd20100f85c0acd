import { describe, expect, it } from 'vitest';
import { fieldsFromSchema, initialFieldValues, toEvidence, validateEvidence, validateField, type JsonSchema } from './schemaFields';
import { groupFormation } from './sampleWorkflow';
import { foundGroup, holdForum, raiseFund, selectCommittee } from './groupSchemas.fixture';

const schema = groupFormation.actions[0]!.evidence_schema;

describe('evidence schema → fields', () => {
  it('maps the simple types, resolving $ref and Optional', () => {
    const fields = fieldsFromSchema(schema, 'th');
    expect(fields.map((f) => [f.name, f.kind, f.label, f.required])).toEqual([
      ['election_date', 'date', 'วันที่เลือกตั้ง', true],
      ['members', 'string-list', 'รายชื่อกรรมการ', true],
      ['term_years', 'integer', 'วาระ (ปี)', true],
      ['unanimous', 'boolean', 'มติเอกฉันท์', false],
      ['method', 'enum', 'วิธีเลือก', false],
      ['budget', 'number', 'Budget', false],
    ]);
    expect(fields.find((f) => f.name === 'method')?.options).toEqual([
      { value: 'vote', label: 'vote' },
      { value: 'consensus', label: 'consensus' },
    ]);
  });

  it('labels in English when asked, falling back to the title', () => {
    const labels = fieldsFromSchema(schema, 'en').map((f) => f.label);
    expect(labels).toEqual(['Election date', 'รายชื่อกรรมการ', 'วาระ (ปี)', 'มติเอกฉันท์', 'วิธีเลือก', 'Budget']);
  });

  it('knows labelled enums, arrays of enums, long text and what it cannot draw', () => {
    const s: JsonSchema = {
      type: 'object',
      properties: {
        result: { oneOf: [{ const: 'issued', title: 'ออกบัตรแล้ว' }, { const: 'returned', title: 'ส่งคืน' }] },
        tags: { type: 'array', items: { enum: ['a', 'b'] } },
        minutes: { type: 'string', maxLength: 2000 },
        file: { type: 'object', properties: {} },
        when: { type: ['string', 'null'], format: 'date' },
      },
    };
    const fields = fieldsFromSchema(s, 'th');
    expect(fields.map((f) => f.kind)).toEqual(['enum', 'enum-list', 'textarea', 'unsupported', 'date']);
    expect(fields[0]!.options?.[0]).toEqual({ value: 'issued', label: 'ออกบัตรแล้ว' });
  });

  it('validates and builds typed evidence, leaving out empty optionals', () => {
    const fields = fieldsFromSchema(schema, 'th');
    const values = initialFieldValues(fields);
    expect(values).toEqual({ election_date: null, members: [], term_years: '', unanimous: false, method: null, budget: '' });
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(validateField(byName.election_date!, null)).toEqual({ key: 'required' });
    expect(validateField(byName.term_years!, 9)).toEqual({ key: 'max', params: { max: 4 } });
    expect(validateField(byName.term_years!, 2.5)).toEqual({ key: 'pattern' });
    expect(validateField(byName.members!, ['ก', 'ข'])).toEqual({ key: 'tooFew', params: { min: 3 } });
    expect(validateField(byName.unanimous!, false)).toBeNull();

    const evidence = toEvidence(fields, { ...values, election_date: '2025-03-15', members: ['ก', 'ข', 'ค'], term_years: '2', unanimous: true });
    expect(evidence).toEqual({ election_date: '2025-03-15', members: ['ก', 'ข', 'ค'], term_years: 2, unanimous: true });
  });
});

describe('the group formation evidence the API really sends', () => {
  const words: Record<string, string> = { 'fields.held_on': 'วันที่จัด', 'fields.full_name': 'ชื่อ-สกุล', 'enums.GroupKind.housewives': 'กลุ่มแม่บ้าน' };
  const lookup = (key: string) => words[key] ?? null;

  it('labels fields and choices from our words when the schema has only English titles', () => {
    const fields = fieldsFromSchema(foundGroup, 'th', lookup);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['name', 'text', true],
      ['kind', 'enum', true],
      ['purpose', 'textarea', true],
      ['founded_on', 'date', true],
    ]);
    expect(fields[1]!.options?.find((o) => o.value === 'housewives')?.label).toBe('กลุ่มแม่บ้าน');
    expect(fields[1]!.options?.find((o) => o.value === 'youth')?.label).toBe('youth');
  });

  it('turns a list of records into rows, hiding optional ids', () => {
    const fields = fieldsFromSchema(holdForum, 'th', lookup);
    const attendees = fields.find((f) => f.name === 'attendees')!;
    expect(attendees.kind).toBe('object-list');
    expect(attendees.itemFields?.map((f) => [f.name, f.kind, f.required, f.label])).toEqual([
      ['full_name', 'text', true, 'ชื่อ-สกุล'],
      ['citizen_id', 'unsupported', false, 'Citizen Id'],
    ]);
    expect(fields.find((f) => f.name === 'attachment_id')).toMatchObject({ kind: 'unsupported', required: false });

    const values = initialFieldValues(fields);
    expect(values.attendees).toEqual([{ full_name: '', citizen_id: '' }]);
    expect(validateEvidence(fields, values)).toEqual({
      held_on: { key: 'required' },
      place: { key: 'required' },
      attendees: { key: 'required' },
      minutes: { key: 'required' },
    });
    const filled = {
      ...values,
      held_on: '2026-01-20',
      place: 'ศาลาประชาคม',
      minutes: 'ที่ประชุมเห็นชอบ',
      attendees: [{ full_name: 'นางสมศรี ใจดี', citizen_id: '' }, { full_name: '', citizen_id: '' }],
    };
    expect(validateEvidence(fields, filled)).toEqual({});
    expect(toEvidence(fields, filled)).toEqual({
      held_on: '2026-01-20',
      place: 'ศาลาประชาคม',
      minutes: 'ที่ประชุมเห็นชอบ',
      attendees: [{ full_name: 'นางสมศรี ใจดี' }],
    });
  });

  it('sends money as a decimal string and checks each row', () => {
    const fields = fieldsFromSchema(raiseFund, 'th', lookup);
    const contributions = fields[0]!;
    expect(contributions.itemFields?.map((f) => [f.name, f.kind])).toEqual([
      ['member_id', 'unsupported'],
      ['amount', 'decimal'],
      ['paid_on', 'date'],
      ['description', 'textarea'],
      ['reference', 'text'],
    ]);
    const values = initialFieldValues(fields);
    // The description's default alone does not make a row count as filled in.
    expect(values.contributions).toEqual([{ member_id: '', amount: '', paid_on: null, description: 'เงินสมทบแรกเข้า', reference: '' }]);
    expect(validateEvidence(fields, values)).toEqual({ contributions: { key: 'required' } });
    const rows = [{ member_id: '', amount: 150.5, paid_on: null, description: 'เงินสมทบแรกเข้า', reference: '' }];
    expect(validateEvidence(fields, { contributions: rows })).toEqual({ 'contributions.0.paid_on': { key: 'required' } });
    rows[0]!.paid_on = '2026-03-05' as never;
    expect(toEvidence(fields, { contributions: rows })).toEqual({ contributions: [{ amount: '150.5', paid_on: '2026-03-05', description: 'เงินสมทบแรกเข้า' }] });
  });

  it('says which required fields need a screen of their own', () => {
    const seats = fieldsFromSchema(selectCommittee, 'th', lookup).find((f) => f.name === 'seats')!;
    expect(seats.itemFields?.find((f) => f.name === 'member_id')).toMatchObject({ kind: 'unsupported', required: true });
  });
});
