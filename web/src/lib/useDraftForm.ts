import { useState } from 'react';
import { useForm, type UseFormInput, type UseFormReturnType } from '@mantine/form';
import { clearDraft, loadDraft, saveDraft } from './drafts';

export interface DraftForm<V> {
  form: UseFormReturnType<V>;
  /** True when the form opened with values restored from an earlier, unsaved visit. */
  restored: boolean;
  /** Call after a successful save: the draft is no longer needed. */
  discardDraft: () => void;
}

/** Mantine's useForm whose values survive session expiry and reloads (see drafts.ts). */
export function useDraftForm<V extends Record<string, unknown>>(draftKey: string, input: UseFormInput<V>): DraftForm<V> {
  const [draft] = useState(() => loadDraft<Partial<V>>(draftKey));
  const form = useForm<V>({
    ...input,
    initialValues: { ...(input.initialValues as V), ...(draft ?? {}) },
    onValuesChange: (values, previous) => {
      saveDraft(draftKey, values);
      input.onValuesChange?.(values, previous);
    },
  });
  return { form, restored: draft !== null, discardDraft: () => clearDraft(draftKey) };
}
