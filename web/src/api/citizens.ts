// The citizen register (citizens/router.py): people, their bank accounts, households and timeline.
import { api } from './client';
import { unwrap } from './problem';
import type { components, paths } from './schema';
import type { ListParams } from '../components/PagedList/listParams';

type S = components['schemas'];
export type Citizen = S['CitizenRead'];
export type CitizenCreate = S['CitizenCreate'];
export type CitizenUpdate = S['CitizenUpdate'];
export type BirthPrecision = S['BirthPrecision'];
export type Sex = S['Sex'];
export type BankAccount = S['chumchon__citizens__schemas__BankAccountRead'];
export type HouseholdMembership = S['HouseholdMemberRead'];
export type TimelineEntry = S['TimelineEntryRead'];
export type Household = S['HouseholdRead'];
export type HouseholdDetail = S['HouseholdDetail'];
export type Registration = S['RegistrationRead'];
export type PaymentLine = S['PayrollLineRead'];

type CitizenQuery = NonNullable<paths['/api/v1/citizens']['get']['parameters']['query']>;
type HouseholdQuery = NonNullable<paths['/api/v1/households']['get']['parameters']['query']>;

export const WRITE_CITIZENS = 'citizens:write';
export const READ_NATIONAL_ID = 'citizens:read_id';
export const CITIZEN_STATUSES = ['active', 'deceased', 'moved_out'] as const;
export const SEXES = ['female', 'male', 'other'] as const satisfies readonly Sex[];
export const PRECISIONS = ['day', 'month', 'year'] as const satisfies readonly BirthPrecision[];

const paging = (params: ListParams) => ({
  page: params.page,
  page_size: params.pageSize,
  ...(params.sort ? { sort: params.sort } : {}),
});

const wholeNumber = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined);

export function fetchCitizens(params: ListParams) {
  const { q, national_id, village_id, min_age, max_age, status } = params.filters;
  const query: CitizenQuery = {
    ...paging(params),
    ...(q ? { q } : {}),
    ...(national_id ? { national_id } : {}),
    ...(village_id ? { village_id } : {}),
    ...(wholeNumber(min_age) !== undefined ? { min_age: wholeNumber(min_age) } : {}),
    ...(wholeNumber(max_age) !== undefined ? { max_age: wholeNumber(max_age) } : {}),
    ...(status === 'active' || status === 'deceased' || status === 'moved_out' ? { status } : {}),
  };
  return unwrap(api.GET('/api/v1/citizens', { params: { query } }));
}

export const citizenKey = (id: string) => ['citizen', id] as const;

export function fetchCitizen(id: string) {
  return unwrap(api.GET('/api/v1/citizens/{citizen_id}', { params: { path: { citizen_id: id } } }));
}

export function createCitizen(body: CitizenCreate) {
  return unwrap(api.POST('/api/v1/citizens', { body }));
}

/** A correction, made from the version the form was loaded with: a stale one gets 409. */
export function updateCitizen(id: string, version: number, body: CitizenUpdate) {
  return unwrap(api.PATCH('/api/v1/citizens/{citizen_id}', { params: { path: { citizen_id: id }, header: { 'If-Match': `"${version}"` } }, body }));
}

/** The whole ID: a read the API writes to the audit log, so only on request. */
export function fetchNationalId(id: string) {
  return unwrap(api.GET('/api/v1/citizens/{citizen_id}/national-id', { params: { path: { citizen_id: id } } }));
}

export function fetchBankAccounts(id: string, params: ListParams) {
  return unwrap(api.GET('/api/v1/citizens/{citizen_id}/bank-accounts', { params: { path: { citizen_id: id }, query: paging(params) } }));
}

export function fetchCitizenHouseholds(id: string, params: ListParams) {
  return unwrap(api.GET('/api/v1/citizens/{citizen_id}/households', { params: { path: { citizen_id: id }, query: paging(params) } }));
}

export function fetchTimeline(id: string, params: ListParams) {
  return unwrap(api.GET('/api/v1/citizens/{citizen_id}/timeline', { params: { path: { citizen_id: id }, query: paging(params) } }));
}

export function fetchCitizenRegistrations(id: string, params: ListParams) {
  return unwrap(api.GET('/api/v1/allowances/registrations', { params: { query: { ...paging(params), citizen_id: id } } }));
}

export function fetchRegistrationPayments(registrationId: string) {
  return unwrap(
    api.GET('/api/v1/allowances/registrations/{registration_id}/payments', {
      params: { path: { registration_id: registrationId }, query: { page: 1, page_size: 200 } },
    }),
  );
}

// --- households ---------------------------------------------------------------------------

export function fetchHouseholds(params: ListParams) {
  const { village_id, house_number, house_registration_no } = params.filters;
  const query: HouseholdQuery = {
    ...paging(params),
    ...(village_id ? { village_id } : {}),
    ...(house_number ? { house_number } : {}),
    ...(house_registration_no ? { house_registration_no } : {}),
  };
  return unwrap(api.GET('/api/v1/households', { params: { query } }));
}

export function fetchHousehold(id: string) {
  return unwrap(api.GET('/api/v1/households/{household_id}', { params: { path: { household_id: id } } }));
}

export function fetchHouseholdMembers(id: string, params: ListParams) {
  return unwrap(
    api.GET('/api/v1/households/{household_id}/members', { params: { path: { household_id: id }, query: { ...paging(params), include_past: true } } }),
  );
}
