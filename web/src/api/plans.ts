// Community plans (plans/router.py): four stages (through workflow.ts) and the records each stage
// is made of — teams, the community profile, village forums with their problems and rankings,
// options, and items routed to whoever carries them out, with their outcomes.
import { api } from './client';
import { unwrap } from './problem';
import type { components, paths } from './schema';
import type { ListParams } from '../components/PagedList/listParams';

type S = components['schemas'];
export type Plan = S['PlanRead'];
export type PlanCreate = S['PlanCreate'];
export type PlanState = S['PlanState'];
export type TeamMember = S['TeamMemberRead'];
export type TeamMemberCreate = S['TeamMemberCreate'];
export type Team = S['Team'];
export type Profile = S['ProfileRead'];
export type ProfileWrite = S['ProfileWrite'];
export type Forum = S['ForumRead'];
export type ForumCreate = S['ForumCreate'];
export type PlanProblem = S['ProblemRead'];
export type ProblemCreate = S['ProblemCreate'];
export type Ranking = S['RankingRead'];
export type RankingWrite = S['RankingWrite'];
export type Option = S['OptionRead'];
export type OptionCreate = S['OptionCreate'];
export type Item = S['ItemRead'];
export type ItemCreate = S['ItemCreate'];
export type ItemUpdate = S['ItemUpdate'];
export type Route = S['Route'];
export type Outcome = S['Outcome'];
export type OutcomeWrite = S['OutcomeWrite'];
export type Progress = S['PlanProgress'];

type PlanQuery = NonNullable<paths['/api/v1/plans']['get']['parameters']['query']>;

export const PLAN_SUBJECT = '/api/v1/plans/{plan_id}' as const;
export const WRITE_PLANS = 'plans:write';
export const PLAN_STATES = ['preparing', 'data_gathered', 'plan_made', 'proposed', 'closed'] as const satisfies readonly PlanState[];
export const TEAMS = ['promoting', 'driving'] as const satisfies readonly Team[];
export const ROUTES = ['community', 'local_government', 'other_agency'] as const satisfies readonly Route[];
export const OUTCOMES = ['accepted', 'done', 'declined'] as const satisfies readonly Outcome[];
export const PROBLEM_KINDS = ['problem', 'need'] as const;
export const DATA_SOURCE_KINDS = ['jpt', 'kchch_2k', 'survey', 'other'] as const;

/** Which records each state lets people write (plans/workflow.py WRITABLE_IN). */
export const WRITABLE_IN: Record<'team' | 'profile' | 'forum' | 'item' | 'outcome', readonly PlanState[]> = {
  team: ['preparing'],
  profile: ['preparing'],
  forum: ['data_gathered'],
  item: ['plan_made'],
  outcome: ['proposed'],
};

const paging = (params: ListParams) => ({ page: params.page, page_size: params.pageSize, ...(params.sort ? { sort: params.sort } : {}) });
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
const all = { page: 1, page_size: 200 } as const;

export function fetchPlans(params: ListParams) {
  const { q, state, village_id, fiscal_year } = params.filters;
  const s = (PLAN_STATES as readonly string[]).includes(state ?? '') ? (state as PlanState) : undefined;
  const year = fiscal_year && /^\d{4}$/.test(fiscal_year) ? Number(fiscal_year) : undefined;
  const query: PlanQuery = {
    ...paging(params),
    ...(q ? { q } : {}),
    ...(s ? { state: s } : {}),
    ...(village_id === 'whole' ? { organisation_wide: true } : village_id ? { village_id } : {}),
    ...(year ? { fiscal_year: year } : {}),
  };
  return unwrap(api.GET('/api/v1/plans', { params: { query } }));
}

export const planKey = (id: string) => ['plan', id] as const;
/** What a stage change or a new record may have changed. */
export const planRecordsKeys = (id: string) => [planKey(id), ['plan-records', id], ['list', 'plans']] as const;

const path = (id: string) => ({ path: { plan_id: id } });

export const fetchPlan = (id: string) => unwrap(api.GET('/api/v1/plans/{plan_id}', { params: path(id) }));
export const createPlan = (body: PlanCreate) => unwrap(api.POST('/api/v1/plans', { body }));
export const fetchProgress = (id: string) => unwrap(api.GET('/api/v1/plans/{plan_id}/progress', { params: path(id) }));

export const fetchTeamMembers = (id: string) => unwrap(api.GET('/api/v1/plans/{plan_id}/team-members', { params: { ...path(id), query: all } }));
export const addTeamMember = (id: string, body: TeamMemberCreate) => unwrap(api.POST('/api/v1/plans/{plan_id}/team-members', { params: path(id), body }));

/** The profile, or null while none is written (404 `plans.profile_not_found`). */
export async function fetchProfile(id: string): Promise<Profile | null> {
  const { data, error, response } = await api.GET('/api/v1/plans/{plan_id}/profile', { params: path(id) });
  if (response.status === 404 && (error as { code?: string } | undefined)?.code === 'plans.profile_not_found') return null;
  return unwrap(Promise.resolve({ data, error, response }));
}
export const putProfile = (id: string, body: ProfileWrite, version: number | null) =>
  unwrap(api.PUT('/api/v1/plans/{plan_id}/profile', { params: { ...path(id), header: version === null ? {} : ifMatch(version) }, body }));

export const fetchForums = (id: string) => unwrap(api.GET('/api/v1/plans/{plan_id}/forums', { params: { ...path(id), query: all } }));
export const createForum = (id: string, body: ForumCreate) => unwrap(api.POST('/api/v1/plans/{plan_id}/forums', { params: path(id), body }));
export const raiseProblem = (id: string, forumId: string, body: ProblemCreate) =>
  unwrap(api.POST('/api/v1/plans/{plan_id}/forums/{forum_id}/problems', { params: { path: { plan_id: id, forum_id: forumId } }, body }));
export const fetchRanking = (id: string, forumId: string) => unwrap(api.GET('/api/v1/plans/{plan_id}/forums/{forum_id}/rankings', { params: { path: { plan_id: id, forum_id: forumId } } }));
export const putRanking = (id: string, forumId: string, version: number, body: RankingWrite) =>
  unwrap(api.PUT('/api/v1/plans/{plan_id}/forums/{forum_id}/rankings', { params: { path: { plan_id: id, forum_id: forumId }, header: ifMatch(version) }, body }));

export const fetchProblems = (id: string) => unwrap(api.GET('/api/v1/plans/{plan_id}/problems', { params: { ...path(id), query: all } }));
export const fetchOptions = (id: string, problemId: string) =>
  unwrap(api.GET('/api/v1/plans/{plan_id}/problems/{problem_id}/options', { params: { path: { plan_id: id, problem_id: problemId }, query: all } }));
export const addOption = (id: string, problemId: string, body: OptionCreate) =>
  unwrap(api.POST('/api/v1/plans/{plan_id}/problems/{problem_id}/options', { params: { path: { plan_id: id, problem_id: problemId } }, body }));

export const fetchItems = (id: string) => unwrap(api.GET('/api/v1/plans/{plan_id}/items', { params: { ...path(id), query: all } }));
export const createItem = (id: string, body: ItemCreate) => unwrap(api.POST('/api/v1/plans/{plan_id}/items', { params: path(id), body }));
export const updateItem = (id: string, item: Pick<Item, 'id' | 'version'>, body: ItemUpdate) =>
  unwrap(api.PATCH('/api/v1/plans/{plan_id}/items/{item_id}', { params: { path: { plan_id: id, item_id: item.id }, header: ifMatch(item.version) }, body }));
export const recordOutcome = (id: string, item: Pick<Item, 'id' | 'version'>, body: OutcomeWrite) =>
  unwrap(api.POST('/api/v1/plans/{plan_id}/items/{item_id}/outcome', { params: { path: { plan_id: id, item_id: item.id }, header: ifMatch(item.version) }, body }));
