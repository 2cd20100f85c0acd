// Projects and trainings (projects/router.py): the twelve-section proposal with its versions and
// their diff, the budget (lines, spending, overruns), the target group, trainers, sessions and
// attendance, indicators and results; the run goes through the step engine (workflow.ts).
import { api } from './client';
import { saveBlob } from './files';
import { unwrap } from './problem';
import type { components, paths } from './schema';
import type { ListParams } from '../components/PagedList/listParams';

type S = components['schemas'];
export type Project = S['ProjectRead'];
export type ProjectCreate = S['ProjectCreate'];
export type ProjectUpdate = S['ProjectUpdate'];
export type ProjectState = S['ProjectState'];
export type ProjectCategory = S['ProjectCategory'];
export type MethodStep = S['MethodStep'];
export type Survey = S['SurveyRead'];
export type SurveyCreate = S['SurveyCreate'];
export type BudgetLine = S['BudgetLineRead'];
export type BudgetLineCreate = S['BudgetLineCreate'];
export type Budget = S['BudgetRead'];
export type Spending = S['SpendingRead'];
export type SpendingCreate = S['SpendingCreate'];
export type OverrunCreate = S['OverrunCreate'];
export type Indicator = S['IndicatorRead'];
export type IndicatorCreate = S['IndicatorCreate'];
export type IndicatorResultWrite = S['IndicatorResultWrite'];
export type Version = S['VersionRead'];
export type ProposalDiff = S['ProposalDiff'];
export type SectionDiff = S['SectionDiff'];
export type Quota = S['QuotaRead'];
export type QuotaCreate = S['QuotaCreate'];
export type Participant = S['ParticipantRead'];
export type ParticipantCreate = S['ParticipantCreate'];
export type Trainer = S['TrainerRead'];
export type TrainerCreate = S['TrainerCreate'];
export type Session = S['SessionRead'];
export type SessionCreate = S['SessionCreate'];
export type Attendance = S['AttendanceRead'];
export type Satisfaction = S['SatisfactionSummary'];
export type SatisfactionCreate = S['SatisfactionCreate'];
export type Results = S['ProjectResults'];

type ProjectQuery = NonNullable<paths['/api/v1/projects']['get']['parameters']['query']>;

export const PROJECT_SUBJECT = '/api/v1/projects/{project_id}' as const;
export const WRITE_PROJECTS = 'projects:write';
export const APPROVE_PROJECTS = 'projects:approve';

export const PROJECT_STATES = [
  'surveying',
  'drafting',
  'submitted',
  'returned',
  'approved',
  'rejected',
  'target_group_set',
  'trainers_coordinated',
  'running',
  'evaluated',
  'closed',
  'cancelled',
] as const satisfies readonly ProjectState[];
export const PROJECT_CATEGORIES = ['family', 'sports', 'children_youth', 'drug_prevention', 'occupational_training', 'other'] as const satisfies readonly ProjectCategory[];
export const BUDGET_SOURCES = ['local_budget', 'government_subsidy', 'other_agency', 'community'] as const satisfies readonly S['BudgetSource'][];
export const COMPARISONS = ['at_least', 'at_most'] as const satisfies readonly S['Comparison'][];
export const SATISFACTION_QUESTIONS = ['content', 'trainer', 'venue', 'duration', 'usefulness'] as const satisfies readonly S['SatisfactionQuestion'][];

/** Which records each state lets people write (projects/service.py *_OPEN). */
export const OPEN_IN: Record<'proposal' | 'targetGroup' | 'sessions' | 'budget' | 'results' | 'outcomes', readonly ProjectState[]> = {
  proposal: ['surveying', 'drafting', 'returned'],
  targetGroup: ['approved', 'target_group_set', 'trainers_coordinated', 'running'],
  sessions: ['running'],
  budget: ['approved', 'target_group_set', 'trainers_coordinated', 'running', 'evaluated'],
  results: ['running', 'evaluated'],
  // Occupational trainees are followed for months, after the close too.
  outcomes: ['running', 'evaluated', 'closed'],
};

const paging = (params: ListParams) => ({ page: params.page, page_size: params.pageSize, ...(params.sort ? { sort: params.sort } : {}) });
const oneOf = <T extends string>(values: readonly T[], value: string | undefined): T | undefined => ((values as readonly string[]).includes(value ?? '') ? (value as T) : undefined);
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
const path = (id: string) => ({ path: { project_id: id } });

export function fetchProjects(params: ListParams) {
  const { q, state, category, village_id, fiscal_year } = params.filters;
  const s = oneOf(PROJECT_STATES, state);
  const c = oneOf(PROJECT_CATEGORIES, category);
  const year = fiscal_year && /^\d{4}$/.test(fiscal_year) ? Number(fiscal_year) : undefined;
  const query: ProjectQuery = {
    ...paging(params),
    ...(q ? { q } : {}),
    ...(s ? { state: s } : {}),
    ...(c ? { category: c } : {}),
    ...(village_id ? { village_id } : {}),
    ...(year && year >= 2500 && year <= 2700 ? { fiscal_year_be: year } : {}),
  };
  return unwrap(api.GET('/api/v1/projects', { params: { query } }));
}

export const projectKey = (id: string) => ['project', id] as const;
/** Everything under one project: what a step or a new record may have changed. */
export const projectRecordsKeys = (id: string) => [projectKey(id), ['project-records', id], ['list', 'projects'], ['list', 'project-participants', id], ['list', 'project-spending', id]] as const;

export const fetchProject = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}', { params: path(id) }));
export const createProject = (body: ProjectCreate) => unwrap(api.POST('/api/v1/projects', { body }));
export const updateProject = (id: string, version: number, body: ProjectUpdate) =>
  unwrap(api.PATCH('/api/v1/projects/{project_id}', { params: { ...path(id), header: ifMatch(version) }, body }));

export const fetchSurveys = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}/surveys', { params: path(id) }));
export const addSurvey = (id: string, body: SurveyCreate) => unwrap(api.POST('/api/v1/projects/{project_id}/surveys', { params: path(id), body }));

export const fetchLines = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}/budget-lines', { params: path(id) }));
export const addLine = (id: string, body: BudgetLineCreate) => unwrap(api.POST('/api/v1/projects/{project_id}/budget-lines', { params: path(id), body }));
export const removeLine = (id: string, line: Pick<BudgetLine, 'id' | 'version'>) =>
  unwrap(api.POST('/api/v1/projects/{project_id}/budget-lines/{line_id}/remove', { params: { path: { project_id: id, line_id: line.id }, header: ifMatch(line.version) } }));
export const approveOverrun = (id: string, lineId: string, body: OverrunCreate) =>
  unwrap(api.POST('/api/v1/projects/{project_id}/budget-lines/{line_id}/overruns', { params: { path: { project_id: id, line_id: lineId } }, body }));
export const fetchBudget = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}/budget', { params: path(id) }));
export const fetchSpending = (id: string, params: ListParams) => unwrap(api.GET('/api/v1/projects/{project_id}/spending', { params: { ...path(id), query: paging(params) } }));
export const addSpending = (id: string, body: SpendingCreate) => unwrap(api.POST('/api/v1/projects/{project_id}/spending', { params: path(id), body }));
export const voidSpending = (id: string, spendingId: string, reason: string) =>
  unwrap(api.POST('/api/v1/projects/{project_id}/spending/{spending_id}/void', { params: { path: { project_id: id, spending_id: spendingId } }, body: { reason } }));

export const fetchIndicators = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}/indicators', { params: path(id) }));
export const addIndicator = (id: string, body: IndicatorCreate) => unwrap(api.POST('/api/v1/projects/{project_id}/indicators', { params: path(id), body }));
export const removeIndicator = (id: string, ind: Pick<Indicator, 'id' | 'version'>) =>
  unwrap(api.POST('/api/v1/projects/{project_id}/indicators/{indicator_id}/remove', { params: { path: { project_id: id, indicator_id: ind.id }, header: ifMatch(ind.version) } }));
export const recordResult = (id: string, indicatorId: string, body: IndicatorResultWrite) =>
  unwrap(api.PUT('/api/v1/projects/{project_id}/indicators/{indicator_id}/result', { params: { path: { project_id: id, indicator_id: indicatorId } }, body }));

export const fetchVersions = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}/versions', { params: path(id) }));
export const fetchDiff = (id: string, versionNo: number, against?: number) =>
  unwrap(api.GET('/api/v1/projects/{project_id}/versions/{version_no}/diff', { params: { path: { project_id: id, version_no: versionNo }, query: against ? { against } : {} } }));

export const fetchQuotas = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}/quotas', { params: path(id) }));
export const addQuota = (id: string, body: QuotaCreate) => unwrap(api.POST('/api/v1/projects/{project_id}/quotas', { params: path(id), body }));
export const fetchParticipants = (id: string, params: ListParams) =>
  unwrap(api.GET('/api/v1/projects/{project_id}/participants', { params: { ...path(id), query: paging(params) } }));
export const addParticipant = (id: string, body: ParticipantCreate) => unwrap(api.POST('/api/v1/projects/{project_id}/participants', { params: path(id), body }));
export const withdrawParticipant = (id: string, participantId: string, body: S['ParticipantWithdraw']) =>
  unwrap(api.POST('/api/v1/projects/{project_id}/participants/{participant_id}/withdraw', { params: { path: { project_id: id, participant_id: participantId } }, body }));

export const fetchOutcomes = (id: string, participantId: string) =>
  unwrap(api.GET('/api/v1/projects/{project_id}/participants/{participant_id}/outcomes', { params: { path: { project_id: id, participant_id: participantId } } }));
export const addOutcome = (id: string, participantId: string, body: S['OutcomeCreate']) =>
  unwrap(api.POST('/api/v1/projects/{project_id}/participants/{participant_id}/outcomes', { params: { path: { project_id: id, participant_id: participantId } }, body }));

export const fetchTrainers = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}/trainers', { params: path(id) }));
export const addTrainer = (id: string, body: TrainerCreate) => unwrap(api.POST('/api/v1/projects/{project_id}/trainers', { params: path(id), body }));
export const cancelTrainer = (id: string, trainerId: string, reason: string) =>
  unwrap(api.POST('/api/v1/projects/{project_id}/trainers/{trainer_id}/cancel', { params: { path: { project_id: id, trainer_id: trainerId } }, body: { reason } }));

export const fetchSessions = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}/sessions', { params: path(id) }));
export const addSession = (id: string, body: SessionCreate) => unwrap(api.POST('/api/v1/projects/{project_id}/sessions', { params: path(id), body }));
export const fetchAttendance = (id: string, sessionId: string) =>
  unwrap(api.GET('/api/v1/projects/{project_id}/sessions/{session_id}/attendance', { params: { path: { project_id: id, session_id: sessionId } } }));
export const putAttendance = (id: string, session: Pick<Session, 'id' | 'version'>, entries: S['AttendanceEntry'][]) =>
  unwrap(
    api.PUT('/api/v1/projects/{project_id}/sessions/{session_id}/attendance', {
      params: { path: { project_id: id, session_id: session.id }, header: ifMatch(session.version) },
      body: { entries },
    }),
  );

export const fetchSatisfaction = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}/satisfaction', { params: path(id) }));
export const addSatisfaction = (id: string, body: SatisfactionCreate) => unwrap(api.POST('/api/v1/projects/{project_id}/satisfaction', { params: path(id), body }));
export const fetchResults = (id: string) => unwrap(api.GET('/api/v1/projects/{project_id}/results', { params: path(id) }));

export async function downloadProposal(id: string, versionNo?: number) {
  const blob = versionNo
    ? await unwrap(api.GET('/api/v1/projects/{project_id}/versions/{version_no}/proposal.pdf', { params: { path: { project_id: id, version_no: versionNo } }, parseAs: 'blob' }))
    : await unwrap(api.GET('/api/v1/projects/{project_id}/proposal.pdf', { params: path(id), parseAs: 'blob' }));
  saveBlob(blob as Blob, versionNo ? `project-${id}-v${versionNo}.pdf` : `project-${id}.pdf`);
}
