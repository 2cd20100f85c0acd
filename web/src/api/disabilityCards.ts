// Disability cards (disability_cards/router.py): requests with their documents checklist, moved
// draft → prepared → sent → received → issued (or returned) through the step engine; batches sent
// to the provincial office under one cover letter; cards, and the ones that lapse soon by village.
import { api } from './client';
import { unwrap } from './problem';
import { saveBlob } from './files';
import type { components, paths } from './schema';
import type { ListParams } from '../components/PagedList/listParams';

type S = components['schemas'];
export type CardRequest = S['RequestRead'];
export type RequestCreate = S['RequestCreate'];
export type RequestKind = S['RequestKind'];
export type RequestState = S['RequestState'];
export type DisabilityType = S['DisabilityType'];
export type DocumentKind = S['chumchon__disability_cards__models__DocumentKind'];
export type DocumentItem = S['DocumentItem'];
export type BatchCreate = S['BatchCreate'];
export type Batch = S['BatchRead'];
export type BatchSummary = S['BatchSummary'];
export type ExpiringCard = S['ExpiringCardRead'];

type RequestQuery = NonNullable<paths['/api/v1/disability-card-requests']['get']['parameters']['query']>;
type ExpiringQuery = NonNullable<paths['/api/v1/disability-cards/expiring']['get']['parameters']['query']>;

export const REQUEST_SUBJECT = '/api/v1/disability-card-requests/{request_id}' as const;
export const WRITE_CARDS = 'disability_cards:write';

export const REQUEST_KINDS = ['new', 'renewal', 'replacement', 'change_of_details'] as const satisfies readonly RequestKind[];
export const REQUEST_STATES = ['draft', 'prepared', 'sent', 'received', 'issued', 'returned', 'cancelled'] as const satisfies readonly RequestState[];
/** The seven types of the Persons with Disabilities Empowerment Act (rules.md §2). */
export const DISABILITY_TYPES = ['seeing', 'hearing', 'movement', 'mental', 'intellectual', 'learning', 'autism'] as const satisfies readonly DisabilityType[];
export const REPLACEMENT_REASONS = ['lost', 'damaged'] as const satisfies readonly S['ReplacementReason'][];
/** Requests a batch may carry: checked ones go, returned ones go again. */
export const SENDABLE: readonly RequestState[] = ['prepared', 'returned'];
/** The checklist and details change only while the municipality holds the request. */
export const EDITABLE: readonly RequestState[] = ['draft', 'prepared', 'returned'];

/**
 * The papers to offer on the checklist for a kind (disability_cards/service.py `requirements`,
 * plus what the officer may want to keep with it). The API's `missing_documents` stays the judge
 * of what is required: a renewal needs the doctor's certificate again only when the old card
 * lapsed over a year ago, and an ID card copy or a child's birth certificate are either-or.
 */
export function checklistFor(kind: RequestKind | null, replacementReason: string | null, guardian: boolean): DocumentKind[] {
  const out: DocumentKind[] = ['id_card_copy', 'birth_certificate_copy', 'house_registration_copy', 'photo'];
  if (kind === 'new') out.unshift('medical_certificate');
  if (kind === 'renewal' || kind === 'change_of_details' || (kind === 'replacement' && replacementReason === 'damaged')) out.push('old_card');
  if (kind === 'renewal') out.unshift('medical_certificate');
  if (kind === 'replacement' && replacementReason === 'lost') out.push('loss_report');
  if (kind === 'change_of_details') out.push('change_evidence');
  if (guardian) out.push('guardian_authority', 'guardian_id_card_copy', 'guardian_house_registration_copy');
  return out;
}

const paging = (params: ListParams) => ({ page: params.page, page_size: params.pageSize, ...(params.sort ? { sort: params.sort } : {}) });
const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined => ((values as readonly string[]).includes(value ?? '') ? (value as T) : undefined);
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function fetchRequests(params: ListParams) {
  const { state, kind, village_id } = params.filters;
  const s = oneOf(REQUEST_STATES, state);
  const k = oneOf(REQUEST_KINDS, kind);
  const query: RequestQuery = { ...paging(params), ...(s ? { state: s } : {}), ...(k ? { kind: k } : {}), ...(village_id ? { village_id } : {}) };
  return unwrap(api.GET('/api/v1/disability-card-requests', { params: { query } }));
}

/** Every request in one state (a batch is at most 200), for the batch screen's choices. */
export const fetchRequestsIn = (state: RequestState) =>
  unwrap(api.GET('/api/v1/disability-card-requests', { params: { query: { state, page: 1, page_size: 200, sort: 'created_at' } } }));

export const requestKey = (id: string) => ['disability-card-request', id] as const;
export const requestRecordsKeys = (id: string) => [requestKey(id), ['list', 'disability-card-requests'], ['list', 'disability-card-batches']] as const;

const path = (id: string) => ({ path: { request_id: id } });
export const fetchRequest = (id: string) => unwrap(api.GET('/api/v1/disability-card-requests/{request_id}', { params: path(id) }));
export const createRequest = (body: RequestCreate) => unwrap(api.POST('/api/v1/disability-card-requests', { body }));
export const setDocuments = (id: string, version: number, documents: DocumentItem[]) =>
  unwrap(api.PUT('/api/v1/disability-card-requests/{request_id}/documents', { params: { ...path(id), header: ifMatch(version) }, body: { documents } }));

export const fetchBatches = (params: ListParams) => unwrap(api.GET('/api/v1/disability-card-batches', { params: { query: paging(params) } }));
export const fetchBatch = (id: string) => unwrap(api.GET('/api/v1/disability-card-batches/{batch_id}', { params: { path: { batch_id: id } } }));
export const sendBatch = (body: BatchCreate) => unwrap(api.POST('/api/v1/disability-card-batches', { body }));

export async function downloadCoverLetter(batch: Pick<BatchSummary, 'id' | 'number'>) {
  const blob = await unwrap(api.GET('/api/v1/disability-card-batches/{batch_id}/cover-letter.pdf', { params: { path: { batch_id: batch.id } }, parseAs: 'blob' }));
  saveBlob(blob as Blob, `cover-letter-${batch.number}.pdf`);
}

export function fetchExpiring(params: ListParams) {
  const { days, village_id } = params.filters;
  const d = days && /^\d+$/.test(days) && Number(days) <= 3650 ? Number(days) : undefined;
  const query: ExpiringQuery = { ...paging(params), ...(d !== undefined ? { days: d } : {}), ...(village_id ? { village_id } : {}) };
  return unwrap(api.GET('/api/v1/disability-cards/expiring', { params: { query } }));
}
