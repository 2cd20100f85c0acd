// A small form for one record (a team member, a forum, an option…), described as a list of
// fields. It is drawn, checked and turned into the request body by the same code as the step
// tracker's evidence forms (StepTracker/schemaFields.ts), so every form reads and behaves alike:
// BE dates, baht as exact decimals, repeatable rows, the API's field errors under their fields.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { problemText } from '../api/problem';
import { fieldErrorsFromProblem } from '../lib/problemFields';
import { EvidenceInput } from './StepTracker/EvidenceInput';
import { initialFieldValues, toEvidence, validateEvidence, type EvidenceField, type FieldKind, type FieldOption, type FieldValues } from './StepTracker/schemaFields';

export type RecordField = EvidenceField;

/** Shorthand for a field: `field('title_th', 'text', 'ชื่อ', { required: true, maxLength: 300 })`. */
export function field(name: string, kind: FieldKind, label: string, extra: Partial<Omit<EvidenceField, 'name' | 'kind' | 'label'>> & { options?: FieldOption[] } = {}): RecordField {
  return { name, kind, label, required: false, ...extra };
}

export interface RecordFormProps {
  fields: RecordField[];
  /** Values to start from when editing; missing ones start empty. */
  initial?: FieldValues;
  submitLabel: string;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}

type Values = { evidence: FieldValues; note: string };

export function RecordForm({ fields, initial, submitLabel, onSubmit, onCancel }: RecordFormProps) {
  const { t } = useTranslation();
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const startValues = useMemo(() => ({ evidence: { ...initialFieldValues(fields), ...(initial ?? {}) }, note: '' }), [fields, initial]);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: startValues,
    validate: (values) => {
      const errors: Record<string, string> = {};
      for (const [path, error] of Object.entries(validateEvidence(fields, values.evidence))) errors[`evidence.${path}`] = t(`form.${error.key}`, error.params);
      return errors;
    },
  });
  const names = new Set(fields.map((f) => f.name));

  const handleSubmit = form.onSubmit(async (values) => {
    setSubmitError(null);
    setOtherErrors([]);
    try {
      await onSubmit(toEvidence(fields, values.evidence));
    } catch (error) {
      const { fields: fieldErrors, other } = fieldErrorsFromProblem(error, (path) => (names.has(path.split('.')[0] ?? '') ? `evidence.${path}` : null));
      form.setErrors(fieldErrors);
      setOtherErrors(other);
      setSubmitError(error);
    }
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        {fields.map((f) => (
          <EvidenceInput key={f.name} field={f} path={`evidence.${f.name}`} form={form} />
        ))}
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
          <Button variant="default" onClick={onCancel} disabled={form.submitting}>
            {t('form.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
