// Every process has the same two routes: GET {subject}/workflow (the view) and
// POST {subject}/workflow/{transition} (one per transition, each typed by its evidence). The
// helpers here are generic over the subject; the transition names come from the contract, so a
// screen cannot fire a step the API does not have.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';
import type { paths } from './schema';
import type { TransitionPayload, WorkflowView } from '../components/StepTracker/types';

/** A subject path with a workflow, e.g. `/api/v1/groups/{group_id}`. */
export type WorkflowSubject = {
  [P in keyof paths]: P extends `${infer S}/workflow` ? S : never;
}[keyof paths];

/** The transitions the contract has for a subject path. */
export type TransitionOf<S extends WorkflowSubject> = {
  [P in keyof paths]: P extends `${S}/workflow/${infer T}` ? T : never;
}[keyof paths];

type PathParams = Record<string, string>;

// openapi-fetch is typed per literal path; the transition path is built at run time, so these two
// calls go through a looser signature. The response type is still the contract's WorkflowRead.
type LooseCall = (path: string, init: { params: { path: PathParams }; body?: unknown }) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const get = api.GET as unknown as LooseCall;
const post = api.POST as unknown as LooseCall;

export function workflowQuery<S extends WorkflowSubject>(subject: S, params: PathParams) {
  return queryOptions({
    queryKey: ['workflow', subject, params] as const,
    queryFn: async () => (await unwrap(get(`${subject}/workflow`, { params: { path: params } }))) as WorkflowView,
  });
}

export async function fireTransition<S extends WorkflowSubject>(
  subject: S,
  params: PathParams,
  transition: TransitionOf<S>,
  payload: TransitionPayload,
): Promise<WorkflowView> {
  return (await unwrap(post(`${subject}/workflow/${transition}`, { params: { path: params }, body: payload }))) as WorkflowView;
}

/**
 * Fires a transition, puts the view the API answers with in the cache (no second request), and
 * marks `alsoStale` queries (the subject itself, its lists and records the step wrote) for refetch.
 */
export function useFireTransition<S extends WorkflowSubject>(subject: S, params: PathParams, alsoStale: readonly (readonly unknown[])[] = []) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ transition, payload }: { transition: TransitionOf<S>; payload: TransitionPayload }) => fireTransition(subject, params, transition, payload),
    onSuccess: async (view) => {
      queryClient.setQueryData(workflowQuery(subject, params).queryKey, view);
      await Promise.all(alsoStale.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
  return async (transition: string, payload: TransitionPayload) => {
    await mutation.mutateAsync({ transition: transition as TransitionOf<S>, payload });
  };
}
