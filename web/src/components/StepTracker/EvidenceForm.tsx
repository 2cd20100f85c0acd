// The form for one transition's evidence, generated from its JSON Schema. Its values are a draft
// (see useDraftForm): if the session expires while an officer fills it in, it is there again
// after signing in.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, List, Stack, Text, Textarea } from '@mantine/core';
import { problemText } from '../../api/problem';
import { fieldErrorsFromProblem } from '../../lib/problemFields';
import { useDraftForm } from '../../lib/useDraftForm';
import { currentLang } from '../../i18n';
import { EvidenceInput } from './EvidenceInput';
import { fieldsFromSchema, initialFieldValues, toEvidence, validateEvidence, type FieldValues, type Lookup } from './schemaFields';
import { evidenceSchema, type Pickers, type TransitionPayload, type WorkflowAction } from './types';

interface EvidenceFormProps {
  action: WorkflowAction;
  draftKey: string;
  onSubmit: (payload: TransitionPayload) => Promise<void>;
  onCancel: () => void;
  pickers?: Pickers;
}

export type EvidenceFormValues = { evidence: FieldValues; note: string };

export function EvidenceForm({ action, draftKey, onSubmit, onCancel, pickers }: EvidenceFormProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLang();
  const fields = useMemo(() => {
    const lookup: Lookup = (key) => (i18n.exists(key) ? t(key) : null);
    return fieldsFromSchema(evidenceSchema(action), lang, lookup, pickers);
  }, [action, lang, i18n, t, pickers]);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  const { form, restored, discardDraft } = useDraftForm<EvidenceFormValues>(draftKey, {
    mode: 'controlled',
    initialValues: { evidence: initialFieldValues(fields), note: '' },
    validate: (values) => {
      const errors: Record<string, string> = {};
      for (const [path, error] of Object.entries(validateEvidence(fields, values.evidence))) errors[`evidence.${path}`] = t(`form.${error.key}`, error.params);
      // Going back (and some other transitions) must say why.
      if (action.requires_note && !values.note.trim()) errors.note = t('form.required');
      return errors;
    },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setSubmitError(null);
    setOtherErrors([]);
    setSubmitting(true);
    try {
      const note = values.note.trim();
      await onSubmit({ evidence: toEvidence(fields, values.evidence), ...(note ? { note } : {}) });
      discardDraft();
    } catch (error) {
      // Field errors from the server land on the fields they name ("evidence.attendees.0.full_name", "note").
      const names = new Set(fields.map((f) => f.name));
      const { fields: fieldErrors, other } = fieldErrorsFromProblem(error, (path) => {
        if (path === 'note') return 'note';
        const name = /^evidence\.([^.]+)/.exec(path)?.[1];
        return name && names.has(name) ? path : null;
      });
      form.setErrors(fieldErrors);
      setOtherErrors(other);
      setSubmitError(error);
    } finally {
      setSubmitting(false);
    }
  });

  // Optional fields we cannot draw are simply left out; required ones must be said.
  const unsupported = fields.filter((f) => f.kind === 'unsupported' && f.required);

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        {restored ? (
          <Alert color="blue" variant="light" role="status">
            {t('form.draftRestored')}
          </Alert>
        ) : null}
        {fields.map((field) => (
          <EvidenceInput key={field.name} field={field} path={`evidence.${field.name}`} form={form} />
        ))}
        {unsupported.length > 0 ? (
          <Alert color="yellow" variant="light">
            {t('form.unsupportedFields', { fields: unsupported.map((f) => f.label).join(', ') })}
          </Alert>
        ) : null}
        <Textarea
          label={action.requires_note ? t('workflow.reason') : t('workflow.note')}
          required={action.requires_note}
          withAsterisk={action.requires_note}
          autosize
          minRows={2}
          {...form.getInputProps('note')}
        />
        {submitError ? (
          <Alert color="red" variant="light" role="alert">
            <Text size="sm">{problemText(t, submitError)}</Text>
            {otherErrors.length > 0 ? (
              <List size="sm" mt={4}>
                {otherErrors.map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            ) : null}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button
            variant="default"
            disabled={submitting}
            onClick={() => {
              // Cancelling is deliberate: forget the draft (an expired session is not a cancel).
              discardDraft();
              onCancel();
            }}
          >
            {t('workflow.cancel')}
          </Button>
          <Button type="submit" loading={submitting} disabled={unsupported.length > 0}>
            {t('workflow.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
