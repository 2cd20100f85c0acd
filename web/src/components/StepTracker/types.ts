// The workflow view (core/workflow.py: WorkflowRead and friends).
// PROVISIONAL: no domain mounts the workflow routes yet, so the contract (openapi/openapi.json)
// does not carry these schemas. When it does, replace each with its generated type, e.g.
//   export type WorkflowView = components['schemas']['WorkflowRead'];
// and let the compiler show what differs. Nothing else in the app declares these shapes.
import type { JsonSchema } from './schemaFields';

export type StepStatus = 'done' | 'current' | 'locked';

export type Evidence = Record<string, unknown>;

export interface WorkflowStep {
  key: string;
  label_th: string;
  label_en: string;
  transition: string;
  status: StepStatus;
  done_at?: string | null;
  done_by?: string | null;
  evidence?: Evidence | null;
}

export interface WorkflowHistoryEntry {
  seq: number;
  transition: string;
  from_state: string;
  to_state: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  at: string;
  evidence: Evidence | null;
  note: string | null;
}

export interface WorkflowAction {
  transition: string;
  label_th: string;
  label_en: string;
  to_state: string;
  kind: string;
  permission: string;
  allowed: boolean;
  reason_code?: string | null;
  requires_note: boolean;
  evidence_schema: JsonSchema;
}

export interface WorkflowView {
  process: string;
  subject_type: string;
  subject_id: string;
  state: string;
  state_label_th: string;
  state_label_en: string;
  terminal: boolean;
  version: number;
  steps: WorkflowStep[];
  actions: WorkflowAction[];
  history: WorkflowHistoryEntry[];
}

export interface TransitionPayload {
  evidence: Evidence;
  note?: string;
}
