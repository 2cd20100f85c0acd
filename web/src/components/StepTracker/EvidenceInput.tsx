// One generated evidence field: the Mantine input for its kind, bound to the form at `path`.
import { useTranslation } from 'react-i18next';
import { ActionIcon, Button, Checkbox, Fieldset, Group, Input, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { BeDateInput } from '../BeDateInput';
import { emptyRow, type EvidenceField, type FieldValues } from './schemaFields';

// The form's values are generic here: the path decides which value a field binds to.
type AnyForm = UseFormReturnType<{ evidence: FieldValues; note: string }>;

export function EvidenceInput({ field, path, form }: { field: EvidenceField; path: string; form: AnyForm }) {
  const { t } = useTranslation();
  const common = { label: field.label, description: field.description, required: field.required, withAsterisk: field.required };
  const inputProps = () => form.getInputProps(path, { type: field.kind === 'boolean' ? 'checkbox' : 'input' });
  switch (field.kind) {
    case 'date':
      return <BeDateInput {...common} {...inputProps()} />;
    case 'integer':
    case 'number':
      return <NumberInput {...common} {...inputProps()} allowDecimal={field.kind === 'number'} min={field.min} max={field.max} thousandSeparator={field.noGrouping ? undefined : ','} />;
    case 'decimal':
      return <NumberInput {...common} {...inputProps()} decimalScale={2} min={field.min} thousandSeparator="," rightSection={<span aria-hidden>฿</span>} />;
    case 'boolean':
      return <Checkbox label={field.label} description={field.description} {...inputProps()} />;
    case 'enum':
      return <Select {...common} {...inputProps()} data={field.options ?? []} placeholder={t('form.selectPlaceholder')} clearable={!field.required} />;
    case 'enum-list':
      return <MultiSelect {...common} {...inputProps()} data={field.options ?? []} placeholder={t('form.selectPlaceholder')} />;
    case 'string-list':
      return <TagsInput {...common} {...inputProps()} placeholder={t('form.addItem')} />;
    case 'textarea':
      return <Textarea {...common} {...inputProps()} autosize minRows={3} maxRows={12} maxLength={field.maxLength} />;
    case 'text':
      return <TextInput {...common} {...inputProps()} maxLength={field.maxLength} />;
    case 'object-list':
      return <RowsInput field={field} path={path} form={form} />;
    default:
      return null;
  }
}

/** Repeatable rows (attendees, contributions): each row its own small group of fields. */
function RowsInput({ field, path, form }: { field: EvidenceField; path: string; form: AnyForm }) {
  const { t } = useTranslation();
  const rows = (form.getInputProps(path).value as FieldValues[] | undefined) ?? [];
  const listError = form.errors[path];
  const shown = (field.itemFields ?? []).filter((f) => f.kind !== 'unsupported');
  return (
    <Fieldset legend={`${field.label}${field.required ? ' *' : ''}`} variant="filled" p="sm">
      <Stack gap="sm">
        {rows.map((_, index) => (
          <Paper key={index} withBorder p="sm" radius="sm" aria-label={`${field.label} ${index + 1}`} role="group">
            <Group align="flex-start" wrap="nowrap" gap="xs">
              <SimpleGrid cols={{ base: 1, sm: Math.min(shown.length, 3) }} spacing="sm" style={{ flex: 1 }}>
                {shown.map((sub) => (
                  <EvidenceInput key={sub.name} field={sub} path={`${path}.${index}.${sub.name}`} form={form} />
                ))}
              </SimpleGrid>
              <ActionIcon
                variant="subtle"
                color="red"
                mt={26}
                aria-label={t('form.removeRow', { n: index + 1 })}
                disabled={rows.length <= 1}
                onClick={() => form.removeListItem(path, index)}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          </Paper>
        ))}
        {listError ? <Input.Error>{listError}</Input.Error> : null}
        <Group>
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => form.insertListItem(path, emptyRow(field))}>
            {t('form.addRow', { what: field.label })}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
