// Bulk import (imports/router.py): upload a file, follow its check, read the report, commit;
// and the exports of lists, which write the same columns an import reads.
import { api } from './client';
import { downloadFile } from './files';
import { ApiError, unwrap } from './problem';
import type { components, paths } from './schema';
import type { ListParams } from '../components/PagedList/listParams';

type S = components['schemas'];
export type ImportJob = S['ImportJobRead'];
export type ImportKind = S['ImportKind'];
export type JobStatus = S['JobStatus'];
export type ImportRow = S['ImportRowRead'];
export type ImportColumn = S['ColumnRead'];
export type ImportColumns = S['ColumnsRead'];
type JobQuery = NonNullable<paths['/api/v1/imports']['get']['parameters']['query']>;
type UploadBody = S['Body_imports-upload'];

export const RUN_IMPORTS = 'imports:run';
export const IMPORT_KINDS = ['citizens', 'beneficiaries', 'group_members'] as const satisfies readonly ImportKind[];
export const JOB_STATUSES = ['validating', 'validated', 'committing', 'committed', 'failed'] as const satisfies readonly JobStatus[];
/** What the upload's column map may send for a header that should be read as nothing. */
export const IGNORE = 'ignore';

const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined => ((values as readonly string[]).includes(value ?? '') ? (value as T) : undefined);

export function isRunning(job: Pick<ImportJob, 'status'>): boolean {
  return job.status === 'validating' || job.status === 'committing';
}

/**
 * A checked file may be committed; so may one whose commit failed (someone changed a person
 * meanwhile: the commit runs the file again from the start). A failed dry run is uploaded again.
 */
export function isCommittable(job: Pick<ImportJob, 'status' | 'dry_run'>): boolean {
  return job.status === 'validated' || (job.status === 'failed' && !job.dry_run);
}

export function fetchJobs(params: ListParams) {
  const kind = oneOf(IMPORT_KINDS, params.filters.kind);
  const status = oneOf(JOB_STATUSES, params.filters.status);
  const query: JobQuery = {
    page: params.page,
    page_size: params.pageSize,
    ...(params.sort ? { sort: params.sort } : {}),
    ...(kind ? { kind } : {}),
    ...(status ? { status } : {}),
  };
  return unwrap(api.GET('/api/v1/imports', { params: { query } }));
}

export const jobKey = (id: string) => ['import', id] as const;

export function fetchJob(id: string) {
  return unwrap(api.GET('/api/v1/imports/{job_id}', { params: { path: { job_id: id } } }));
}

export function fetchColumns(kind: ImportKind) {
  return unwrap(api.GET('/api/v1/imports/columns', { params: { query: { kind } } }));
}

export function fetchRejected(id: string, params: ListParams) {
  return unwrap(api.GET('/api/v1/imports/{job_id}/rejected', { params: { path: { job_id: id }, query: { page: params.page, page_size: params.pageSize, ...(params.sort ? { sort: params.sort } : {}) } } }));
}

export function fetchChanged(id: string, params: ListParams) {
  return unwrap(api.GET('/api/v1/imports/{job_id}/changed', { params: { path: { job_id: id }, query: { page: params.page, page_size: params.pageSize, ...(params.sort ? { sort: params.sort } : {}) } } }));
}

export function commitJob(id: string) {
  return unwrap(api.POST('/api/v1/imports/{job_id}/commit', { params: { path: { job_id: id } } }));
}

export interface Upload {
  file: File;
  kind: ImportKind;
  /** header → field (or 'ignore'); empty sends no map and the declared one applies. */
  columnMap: Record<string, string>;
  groupId: string | null;
}

/** Uploads a file for a dry run. The contract types the file as a string (OpenAPI's binary); it is sent as multipart. */
export function uploadImport({ file, kind, columnMap, groupId }: Upload) {
  const body: UploadBody = {
    kind,
    dry_run: true,
    file: file as unknown as string,
    ...(Object.keys(columnMap).length ? { column_map: JSON.stringify(columnMap) } : {}),
    ...(groupId ? { group_id: groupId } : {}),
  };
  return unwrap(
    api.POST('/api/v1/imports', {
      body,
      bodySerializer: (fields: UploadBody) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) {
          if (value === null || value === undefined) continue;
          if ((value as unknown) instanceof Blob) form.append(name, value as unknown as Blob, file.name);
          else form.append(name, String(value));
        }
        return form;
      },
    }),
  );
}

/** The headers a refused upload named: what the file lacks, and the columns nobody could read. */
export function missingColumns(error: unknown): { missing: string[]; unknown: string[] } | null {
  if (!(error instanceof ApiError) || error.code !== 'imports.missing_columns') return null;
  const problem = error.problem as { missing?: unknown; unknown_columns?: unknown } | null;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { missing: strings(problem?.missing), unknown: strings(problem?.unknown_columns) };
}

// --- files ---------------------------------------------------------------------------------------------

export { downloadFile } from './files';

export function downloadReport(job: Pick<ImportJob, 'id'>, rejectedOnly = false) {
  return downloadFile(`/api/v1/imports/${job.id}/report.xlsx${rejectedOnly ? '?rejected_only=true' : ''}`, `import-report-${job.id}.xlsx`);
}

export type ExportFormat = 'xlsx' | 'csv';
export type ExportList = 'citizens' | 'beneficiaries' | 'group_members';

/** The export endpoints (see the contract's /api/v1/exports/…); group members are one group's. */
export function exportPath(list: ExportList, format: ExportFormat, groupId?: string): string {
  if (list === 'group_members') return `/api/v1/exports/groups/${groupId ?? ''}/members.${format}`;
  return `/api/v1/exports/${list}.${format}`;
}

export function downloadExport(list: ExportList, format: ExportFormat, groupId?: string) {
  return downloadFile(exportPath(list, format, groupId), `${list}.${format}`);
}
