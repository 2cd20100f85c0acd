// A date field that speaks พ.ศ.: shows and accepts Buddhist Era dates, keeps an ISO (CE) value,
// so forms hand the API exactly what it expects. Typing works as well as picking: officers copy
// dates from paper forms ("15/3/2568", "15 มี.ค. 68", Thai digits).
import { DateInput, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ceToBeYear, parseBeDate } from '../lib/thai';

export type BeDateInputProps = Omit<DateInputProps, 'valueFormat' | 'dateParser'>;

const beYear = (date: string) => ceToBeYear(dayjs(date).year());

export function BeDateInput(props: BeDateInputProps) {
  const { t } = useTranslation();
  return (
    <DateInput
      valueFormat="DD/MM/BBBB"
      dateParser={parseBeDate}
      monthLabelFormat="MMMM BBBB"
      yearLabelFormat="BBBB"
      yearsListFormat="BBBB"
      decadeLabelFormat={(start, end) => `${beYear(start)} – ${beYear(end)}`}
      placeholder={t('form.datePlaceholder')}
      clearable={!props.required}
      {...props}
    />
  );
}
