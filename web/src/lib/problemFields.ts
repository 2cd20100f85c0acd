// Maps a problem's field errors onto form fields, in our words where we know the code.
import { ApiError, translateCode } from '../api/problem';

export interface ProblemFieldErrors {
  /** Form path → message, for the errors the form can show next to a field. */
  fields: Record<string, string>;
  /** Messages about no field the form shows (a cross-field rule, say): shown above the buttons. */
  other: string[];
}

/**
 * Sorts the field errors in `error` by where the form can show them. `toField` turns the API's
 * dotted path ("evidence.attendees.0.full_name", "name_th") into a form path, or null.
 */
export function fieldErrorsFromProblem(error: unknown, toField: (path: string) => string | null): ProblemFieldErrors {
  const result: ProblemFieldErrors = { fields: {}, other: [] };
  if (!(error instanceof ApiError)) return result;
  for (const item of error.problem?.errors ?? []) {
    const message = translateCode('codes', item.code) ?? item.message;
    const field = toField((item.field ?? '').replace(/^body\./, ''));
    if (field === null) result.other.push(item.message);
    else result.fields[field] ??= message;
  }
  return result;
}
