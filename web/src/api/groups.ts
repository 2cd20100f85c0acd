// Community groups (groups/router.py): the list, the ten formation steps (through workflow.ts),
// and the records the steps write: members, committee terms, the fund's ledger, evaluations.
import { api } from './client';
import { unwrap } from './problem';
import type { components, paths } from './schema';
import type { ListParams } from '../components/PagedList/listParams';

type S = components['schemas'];
export type Group = S['GroupRead'];
export type GroupCreate = S['GroupCreate'];
export type GroupKind = S['GroupKind'];
export type GroupState = S['GroupState'];
export type GroupKindInfo = S['GroupKindRead'];
export type GroupMember = S['MemberRead'];
export type MemberCreate = S['MemberCreate'];
export type CommitteeTerm = S['CommitteeTermRead'];
export type LedgerEntry = S['LedgerEntryRead'];
export type LedgerPage = S['LedgerPage'];
export type LedgerEntryCreate = S['LedgerEntryCreate'];
export type Evaluation = S['EvaluationRead'];
export type EvaluationCreate = S['EvaluationCreate'];
export type GroupBankAccount = S['chumchon__groups__schemas__BankAccountRead'];

type GroupQuery = NonNullable<paths['/api/v1/groups']['get']['parameters']['query']>;

export const GROUP_SUBJECT = '/api/v1/groups/{group_id}' as const;
export const WRITE_GROUPS = 'groups:write';

export const GROUP_KINDS = ['occupational', 'housewives', 'savings', 'youth', 'elderly_club', 'network', 'other'] as const satisfies readonly GroupKind[];
export const GROUP_STATES = [
  'proposed',
  'idea_spread',
  'forum_held',
  'founded',
  'membership_opened',
  'committee_selected',
  'rules_adopted',
  'fund_raised',
  'bank_account_opened',
  'evaluated',
  'reported',
  'active',
  'dissolved',
] as const satisfies readonly GroupState[];

const paging = (params: ListParams) => ({ page: params.page, page_size: params.pageSize, ...(params.sort ? { sort: params.sort } : {}) });
const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined => (values as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

export function fetchGroups(params: ListParams) {
  const { q, kind, village_id, state } = params.filters;
  const k = oneOf(GROUP_KINDS, kind);
  const s = oneOf(GROUP_STATES, state);
  const query: GroupQuery = {
    ...paging(params),
    ...(q ? { q } : {}),
    ...(k ? { kind: k } : {}),
    ...(s ? { state: s } : {}),
    ...(village_id ? { village_id } : {}),
  };
  return unwrap(api.GET('/api/v1/groups', { params: { query } }));
}

export const groupKey = (id: string) => ['group', id] as const;
/** Everything under one group (its record, members, ledger…): what a step may have changed. */
export const groupRecordsKeys = (id: string) => [groupKey(id), ['list', 'group-members', id], ['list', 'group-terms', id], ['list', 'group-ledger', id], ['list', 'group-evaluations', id], ['group-members-all', id], ['list', 'groups']] as const;

export function fetchGroup(id: string) {
  return unwrap(api.GET('/api/v1/groups/{group_id}', { params: { path: { group_id: id } } }));
}

export function fetchGroupKinds() {
  return unwrap(api.GET('/api/v1/groups/kinds'));
}

export function createGroup(body: GroupCreate) {
  return unwrap(api.POST('/api/v1/groups', { body }));
}

export function fetchMembers(id: string, params: ListParams) {
  return unwrap(api.GET('/api/v1/groups/{group_id}/members', { params: { path: { group_id: id }, query: paging(params) } }));
}

export function addMember(id: string, body: MemberCreate) {
  return unwrap(api.POST('/api/v1/groups/{group_id}/members', { params: { path: { group_id: id } }, body }));
}

export function fetchTerms(id: string, params: ListParams) {
  return unwrap(api.GET('/api/v1/groups/{group_id}/committee-terms', { params: { path: { group_id: id }, query: paging(params) } }));
}

export function fetchLedger(id: string, params: ListParams) {
  return unwrap(api.GET('/api/v1/groups/{group_id}/ledger', { params: { path: { group_id: id }, query: paging(params) } }));
}

export function postLedgerEntry(id: string, body: LedgerEntryCreate) {
  return unwrap(api.POST('/api/v1/groups/{group_id}/ledger', { params: { path: { group_id: id } }, body }));
}

export function fetchEvaluations(id: string, params: ListParams) {
  return unwrap(api.GET('/api/v1/groups/{group_id}/evaluations', { params: { path: { group_id: id }, query: paging(params) } }));
}

export function fetchGroupBankAccounts(id: string) {
  return unwrap(api.GET('/api/v1/groups/{group_id}/bank-accounts', { params: { path: { group_id: id } } }));
}
