import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './problem';
import { exportPath, isCommittable, missingColumns, uploadImport } from './imports';
import { clearTokens, setTokens } from '../auth/session';

afterEach(() => {
  vi.unstubAllGlobals();
  clearTokens();
});

describe('imports api', () => {
  it('sends the upload as multipart with the column map as JSON and the group only when given', async () => {
    let sent: FormData | null = null;
    let type: string | null = null;
    let auth: string | null = null;
    vi.stubGlobal('fetch', async (request: Request) => {
      type = request.headers.get('Content-Type');
      auth = request.headers.get('Authorization');
      sent = await request.formData();
      return new Response(JSON.stringify({ id: 'j1', status: 'validating' }), { status: 202, headers: { 'Content-Type': 'application/json' } });
    });
    setTokens({ access_token: 'A1', refresh_token: 'R1' });
    const file = new File(['เลขประจำตัวประชาชน\r\n'], 'รายชื่อ.csv', { type: 'text/csv' });
    await uploadImport({ file, kind: 'citizens', columnMap: { รหัสบัตร: 'national_id' }, groupId: null });
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    expect(auth).toBe('Bearer A1');
    const form = sent as unknown as FormData;
    expect(form.get('kind')).toBe('citizens');
    expect(form.get('dry_run')).toBe('true');
    expect(JSON.parse(String(form.get('column_map')))).toEqual({ รหัสบัตร: 'national_id' });
    expect(form.has('group_id')).toBe(false);
    // (The file's name is checked in the browser test: jsdom's File does not carry it through a Request.)
    expect(await (form.get('file') as Blob).text()).toBe('เลขประจำตัวประชาชน\r\n');
  });

  it('sends the group of a members file', async () => {
    let sent: FormData | null = null;
    vi.stubGlobal('fetch', async (request: Request) => {
      sent = await request.formData();
      return new Response(JSON.stringify({ id: 'j2' }), { status: 202, headers: { 'Content-Type': 'application/json' } });
    });
    await uploadImport({ file: new File(['x'], 'members.xlsx'), kind: 'group_members', columnMap: {}, groupId: 'g1' });
    const form = sent as unknown as FormData;
    expect(form.get('kind')).toBe('group_members');
    expect(form.get('group_id')).toBe('g1');
    expect(form.has('column_map')).toBe(false);
  });

  it('reads what a refused file lacks from the problem', () => {
    const refused = new ApiError(422, { code: 'imports.missing_columns', missing: ['national_id'], unknown_columns: ['รหัสบัตร'] } as never);
    expect(missingColumns(refused)).toEqual({ missing: ['national_id'], unknown: ['รหัสบัตร'] });
    expect(missingColumns(new ApiError(422, { code: 'imports.no_header_row' }))).toBeNull();
    expect(missingColumns(new Error('x'))).toBeNull();
  });

  it('offers the commit after a dry run, and again after a failed commit, not after a failed check', () => {
    expect(isCommittable({ status: 'validated', dry_run: true })).toBe(true);
    expect(isCommittable({ status: 'failed', dry_run: false })).toBe(true);
    expect(isCommittable({ status: 'failed', dry_run: true })).toBe(false);
    expect(isCommittable({ status: 'committed', dry_run: false })).toBe(false);
    expect(isCommittable({ status: 'validating', dry_run: true })).toBe(false);
  });

  it('names the export endpoints of the contract', () => {
    expect(exportPath('citizens', 'csv')).toBe('/api/v1/exports/citizens.csv');
    expect(exportPath('beneficiaries', 'xlsx')).toBe('/api/v1/exports/beneficiaries.xlsx');
    expect(exportPath('group_members', 'xlsx', 'g1')).toBe('/api/v1/exports/groups/g1/members.xlsx');
  });
});
