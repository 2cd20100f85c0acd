// The form for registering a person and for correcting their record. Birth dates are typed in
// พ.ศ. with how much of the date is known (the civil registry often has only the year); the
// national ID is checked by the API's own rules as the officer leaves the field, and whatever the
// API still refuses is shown under the field it names, in Thai.
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Autocomplete, Button, Fieldset, Group, NumberInput, Paper, Radio, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import dayjs from 'dayjs';
import { ApiError, problemText } from '../../api/problem';
import { useVillages } from '../../api/villages';
import { PRECISIONS, SEXES, type BirthPrecision, type Citizen, type CitizenCreate, type Sex } from '../../api/citizens';
import { BeDateInput } from '../../components/BeDateInput';
import { currentLang } from '../../i18n';
import { fieldErrorsFromProblem } from '../../lib/problemFields';
import { useDraftForm } from '../../lib/useDraftForm';
import { enumLabel } from '../../lib/labels';
import { beToCeYear, ceToBeYear } from '../../lib/thai';
import { checkNationalId, formatNationalId, nationalIdErrorText, nationalIdMessage, normaliseNationalId } from '../../lib/nationalId';

export interface CitizenFormValues {
  national_id: string;
  title: string;
  first_name: string;
  last_name: string;
  first_name_en: string;
  last_name_en: string;
  sex: Sex | '';
  /** ISO 3166-1 alpha-3; THA for Thai nationals. */
  nationality: string;
  birth_precision: BirthPrecision;
  /** ISO date, for a known day. */
  birth_date: string | null;
  /** 1–12, for a known month. */
  birth_month: string | null;
  /** BE year, for a known month or year. */
  birth_year_be: number | '';
  village_id: string | null;
  house_number: string;
  house_registration_no: string;
  address_extra: string;
  phone: string;
  [key: string]: unknown;
}

export const EMPTY_CITIZEN: CitizenFormValues = {
  national_id: '',
  title: '',
  first_name: '',
  last_name: '',
  first_name_en: '',
  last_name_en: '',
  sex: '',
  nationality: 'THA',
  birth_precision: 'day',
  birth_date: null,
  birth_month: null,
  birth_year_be: '',
  village_id: null,
  house_number: '',
  house_registration_no: '',
  address_extra: '',
  phone: '',
};

const TITLES = ['นาย', 'นาง', 'นางสาว', 'เด็กชาย', 'เด็กหญิง'];
const PHONE = /^\+?[0-9][0-9\- ]{7,18}$/;
const FIELDS = new Set(Object.keys(EMPTY_CITIZEN));
const LEGEND = { legend: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)', marginBottom: 'var(--mantine-spacing-xs)' } };

export function valuesFromCitizen(c: Citizen): CitizenFormValues {
  const birth = c.birth_date ? dayjs(c.birth_date) : null;
  return {
    // The whole ID is not in the record (it is masked); an edit leaves it alone unless retyped.
    national_id: '',
    title: c.title,
    first_name: c.first_name,
    last_name: c.last_name,
    first_name_en: c.first_name_en ?? '',
    last_name_en: c.last_name_en ?? '',
    sex: c.sex,
    nationality: c.nationality,
    birth_precision: c.birth_precision,
    birth_date: c.birth_date ?? null,
    birth_month: birth ? String(birth.month() + 1) : null,
    birth_year_be: birth ? ceToBeYear(birth.year()) : '',
    village_id: c.village_id,
    house_number: c.house_number ?? '',
    house_registration_no: c.house_registration_no ?? '',
    address_extra: c.address_extra ?? '',
    phone: c.phone ?? '',
  };
}

/** The ISO birth date to send: unknown parts as the 1st (the API drops them by the precision). */
export function birthDateOf(v: Pick<CitizenFormValues, 'birth_precision' | 'birth_date' | 'birth_month' | 'birth_year_be'>): string | null {
  if (v.birth_precision === 'day') return v.birth_date || null;
  if (v.birth_year_be === '') return null;
  const year = String(beToCeYear(Number(v.birth_year_be))).padStart(4, '0');
  if (v.birth_precision === 'year') return `${year}-01-01`;
  return v.birth_month ? `${year}-${v.birth_month.padStart(2, '0')}-01` : null;
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);

export function bodyFromValues(v: CitizenFormValues): CitizenCreate {
  return {
    national_id: normaliseNationalId(v.national_id),
    title: v.title.trim(),
    first_name: v.first_name.trim(),
    last_name: v.last_name.trim(),
    first_name_en: orNull(v.first_name_en),
    last_name_en: orNull(v.last_name_en),
    sex: v.sex as Sex,
    nationality: v.nationality.trim().toUpperCase() || 'THA',
    birth_precision: v.birth_precision,
    birth_date: birthDateOf(v),
    village_id: v.village_id,
    house_number: orNull(v.house_number),
    house_registration_no: orNull(v.house_registration_no),
    address_extra: orNull(v.address_extra),
    phone: orNull(v.phone),
  };
}

export interface CitizenFormProps {
  draftKey: string;
  initialValues: CitizenFormValues;
  /** Editing: the ID may be left empty (it is not changed then). */
  editing?: boolean;
  submitLabel: string;
  cancelTo: string;
  onSubmit: (values: CitizenFormValues) => Promise<void>;
  /** Shown above the buttons, e.g. "someone else changed this record". */
  banner?: ReactNode;
}

export function CitizenForm({ draftKey, initialValues, editing = false, submitLabel, cancelTo, onSubmit, banner }: CitizenFormProps) {
  const { t } = useTranslation();
  const lang = currentLang();
  const villages = useVillages();
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const thisYearBe = ceToBeYear(dayjs().year());

  const months = useMemo(() => {
    const format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'th-TH', { month: 'long' });
    return Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: format.format(new Date(2000, i, 1)) }));
  }, [lang]);

  const required = (v: string) => (v.trim() ? null : t('form.required'));
  const { form, restored, discardDraft } = useDraftForm<CitizenFormValues>(draftKey, {
    mode: 'controlled',
    initialValues,
    validateInputOnBlur: ['national_id'],
    validate: {
      national_id: (v) => {
        if (!v.trim()) return editing ? null : t('form.required');
        const problem = checkNationalId(v);
        return problem ? nationalIdMessage(t, problem) : null;
      },
      title: required,
      first_name: required,
      last_name: required,
      sex: (v) => (v ? null : t('form.required')),
      birth_date: (v, values) => (values.birth_precision === 'day' && v && dayjs(v).isAfter(dayjs(), 'day') ? t('citizens.birthInFuture') : null),
      birth_month: (v, values) => (values.birth_precision === 'month' && values.birth_year_be !== '' && !v ? t('form.required') : null),
      birth_year_be: (v, values) => {
        if (values.birth_precision === 'day') return null;
        if (v === '') return values.birth_precision === 'month' && values.birth_month ? t('form.required') : null;
        return v < 2400 || v > thisYearBe ? t('citizens.beYearRange', { max: thisYearBe }) : null;
      },
      house_registration_no: (v) => (v.trim() === '' || /^\d{11}$/.test(v.trim()) ? null : t('citizens.houseRegPattern')),
      phone: (v) => (v.trim() === '' || PHONE.test(v.trim()) ? null : t('citizens.phonePattern')),
      nationality: (v) => (/^[A-Za-z]{3}$/.test(v.trim()) ? null : t('citizens.nationalityPattern')),
    },
  });

  const handleSubmit = form.onSubmit(
    async (values) => {
      setSubmitError(null);
      setOtherErrors([]);
      setSubmitting(true);
      try {
        await onSubmit(values);
        discardDraft();
      } catch (error) {
        const birthField = values.birth_precision === 'day' ? 'birth_date' : 'birth_year_be';
        const { fields, other } = fieldErrorsFromProblem(error, (path) => {
          if (path === 'birth_date') return birthField;
          return FIELDS.has(path) ? path : null;
        });
        const idText = nationalIdErrorText(t, error, values.national_id);
        if (idText) fields.national_id = idText;
        form.setErrors(fields);
        setOtherErrors(other);
        setSubmitError(error);
        focusFirstError(fields);
      } finally {
        setSubmitting(false);
      }
    },
    (errors) => focusFirstError(errors),
  );

  // Keyboard and screen-reader users land on what needs fixing, not on the button they pressed.
  function focusFirstError(errors: Record<string, unknown>) {
    const first = Object.keys(errors).find((path) => errors[path]);
    if (first) form.getInputNode(first)?.focus();
  }

  const precision = form.values.birth_precision;
  const duplicateOf = submitError instanceof ApiError && submitError.code === 'citizens.duplicate_national_id' ? (submitError.problem as { existing_id?: string } | null)?.existing_id : undefined;

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="lg">
          {restored ? (
            <Alert color="blue" variant="light" role="status">
              {t('form.draftRestored')}
            </Alert>
          ) : null}

          <Fieldset legend={t('citizens.sectionPerson')} variant="unstyled" styles={LEGEND}>
            <Stack gap="md">
              <TextInput
                label={t('citizens.nationalId')}
                description={editing ? t('citizens.nationalIdEditHint') : t('citizens.nationalIdHint')}
                required={!editing}
                withAsterisk={!editing}
                inputMode="numeric"
                autoComplete="off"
                maxLength={40}
                w={{ base: '100%', sm: 320 }}
                {...form.getInputProps('national_id')}
                onBlur={(event) => {
                  form.getInputProps('national_id').onBlur?.(event);
                  if (!checkNationalId(form.values.national_id)) form.setFieldValue('national_id', formatNationalId(form.values.national_id));
                }}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
                <Autocomplete label={t('citizens.titleField')} required data={TITLES} maxLength={40} {...form.getInputProps('title')} />
                <TextInput label={t('citizens.firstName')} required maxLength={100} {...form.getInputProps('first_name')} />
                <TextInput label={t('citizens.lastName')} required maxLength={100} {...form.getInputProps('last_name')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <TextInput label={t('citizens.firstNameEn')} lang="en" maxLength={100} {...form.getInputProps('first_name_en')} />
                <TextInput label={t('citizens.lastNameEn')} lang="en" maxLength={100} {...form.getInputProps('last_name_en')} />
              </SimpleGrid>
              <Group gap="xl" align="flex-start">
                <Radio.Group label={t('citizens.sex')} required {...form.getInputProps('sex')}>
                  <Group gap="lg" mt={6}>
                    {SEXES.map((sex) => (
                      <Radio key={sex} value={sex} label={enumLabel('Sex', sex)} />
                    ))}
                  </Group>
                </Radio.Group>
                <TextInput label={t('citizens.nationality')} description={t('citizens.nationalityHint')} maxLength={3} w={200} {...form.getInputProps('nationality')} />
              </Group>
            </Stack>
          </Fieldset>

          <Fieldset legend={t('citizens.birthDate')} variant="unstyled" styles={LEGEND}>
            <Stack gap="sm">
              <div>
                <Text size="sm" fw={500} id="birth-precision-label" mb={4}>
                  {t('citizens.birthPrecision')}
                </Text>
                <SegmentedControl
                  aria-labelledby="birth-precision-label"
                  data={PRECISIONS.map((p) => ({ value: p, label: enumLabel('BirthPrecision', p) }))}
                  {...form.getInputProps('birth_precision')}
                />
              </div>
              {precision === 'day' ? (
                <BeDateInput label={t('citizens.birthDateDay')} maxDate={dayjs().format('YYYY-MM-DD')} w={{ base: '100%', sm: 260 }} {...form.getInputProps('birth_date')} />
              ) : (
                <Group gap="md" align="flex-start">
                  {precision === 'month' ? (
                    <Select label={t('citizens.birthMonth')} data={months} clearable w={{ base: '100%', sm: 200 }} {...form.getInputProps('birth_month')} />
                  ) : null}
                  <NumberInput
                    label={t('citizens.birthYearBe')}
                    description={t('citizens.birthYearHint')}
                    allowDecimal={false}
                    allowNegative={false}
                    thousandSeparator={false}
                    maxLength={4}
                    w={{ base: '100%', sm: 200 }}
                    {...form.getInputProps('birth_year_be')}
                  />
                </Group>
              )}
            </Stack>
          </Fieldset>

          <Fieldset legend={t('citizens.sectionAddress')} variant="unstyled" styles={LEGEND}>
            <Stack gap="md">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <Select
                  label={t('citizens.village')}
                  data={villages.options}
                  searchable
                  clearable
                  nothingFoundMessage={t('list.nothingFound')}
                  placeholder={t('form.selectPlaceholder')}
                  {...form.getInputProps('village_id')}
                />
                <TextInput label={t('citizens.houseNumber')} maxLength={20} {...form.getInputProps('house_number')} />
                <TextInput label={t('citizens.houseRegistrationNo')} description={t('citizens.houseRegHint')} inputMode="numeric" maxLength={11} {...form.getInputProps('house_registration_no')} />
                <TextInput label={t('citizens.addressExtra')} maxLength={200} {...form.getInputProps('address_extra')} />
                <TextInput label={t('citizens.phone')} type="tel" inputMode="tel" maxLength={20} {...form.getInputProps('phone')} />
              </SimpleGrid>
            </Stack>
          </Fieldset>

          {banner}
          {submitError && !banner ? (
            <Alert color="red" variant="light" role="alert" title={problemText(t, submitError)}>
              {otherErrors.length > 0 ? (
                <Stack gap={2}>
                  {otherErrors.map((message) => (
                    <Text size="sm" key={message}>
                      {message}
                    </Text>
                  ))}
                </Stack>
              ) : null}
              {duplicateOf ? (
                <Anchor component={Link} to={`/citizens/${duplicateOf}`} size="sm">
                  {t('citizens.openExisting')}
                </Anchor>
              ) : null}
            </Alert>
          ) : null}

          <Group justify="flex-end">
            <Button variant="default" component={Link} to={cancelTo} onClick={() => discardDraft()}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={submitting}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
