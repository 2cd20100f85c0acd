// The workflow view every process answers with (core/workflow.py: WorkflowRead), straight from
// the contract. `evidence_schema` is typed there as a free object; evidenceSchema() reads it as
// the JSON Schema it is.
import type { components } from '../../api/schema';
import type { FieldOption, JsonSchema } from './schemaFields';

export type WorkflowView = components['schemas']['WorkflowRead'];
export type WorkflowStep = components['schemas']['StepRead'];
export type WorkflowAction = components['schemas']['ActionRead'];
export type WorkflowHistoryEntry = components['schemas']['HistoryRead'];
export type StepStatus = WorkflowStep['status'];

export type Evidence = Record<string, unknown>;

/** What a transition's POST takes (every `…Request` schema of the contract has this shape). */
export interface TransitionPayload {
  evidence: Evidence;
  note?: string;
}

export function evidenceSchema(action: Pick<WorkflowAction, 'evidence_schema'>): JsonSchema {
  return action.evidence_schema as JsonSchema;
}

/**
 * Choices for evidence fields that hold ids (`member_id`, `signatory_member_ids`): the screen
 * that knows the records supplies them by field name, and the form shows a select instead of
 * asking anyone to type a UUID. The same names label those ids in the evidence of done steps.
 */
export type Pickers = Record<string, FieldOption[]>;
