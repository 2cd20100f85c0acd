import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n';
import type { Lang } from '../lib/thai';

/** TH/EN switch; the choice is remembered in localStorage (see i18n/index.ts). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={i18n.language === 'en' ? 'en' : 'th'}
      onChange={(value) => setLang(value as Lang)}
      data={[
        { value: 'th', label: <span lang="th" aria-label="ภาษาไทย">TH</span> },
        { value: 'en', label: <span lang="en" aria-label="English">EN</span> },
      ]}
    />
  );
}
