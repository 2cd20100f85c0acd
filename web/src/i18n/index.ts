// i18next setup. Thai is the default and the fallback: every screen must make sense to an officer
// who reads only Thai; English is a switch, remembered per browser.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/th';
import { en, th } from './resources';
import type { Lang } from '../lib/thai';

export const LANGS: readonly Lang[] = ['th', 'en'];
const STORAGE_KEY = 'chumchon.lang';

export function storedLang(): Lang {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'th';
  } catch {
    return 'th';
  }
}

function applyLang(lang: Lang) {
  document.documentElement.lang = lang;
  dayjs.locale(lang);
}

export function setLang(lang: Lang) {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage full: the switch still works for this page view.
  }
  void i18n.changeLanguage(lang);
}

export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'th';
}

void i18n.use(initReactI18next).init({
  resources: { th: { translation: th }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: 'th',
  supportedLngs: LANGS as Lang[],
  interpolation: { escapeValue: false }, // React already escapes.
  returnNull: false,
});
applyLang(currentLang());
i18n.on('languageChanged', (lng) => applyLang(lng === 'en' ? 'en' : 'th'));

export default i18n;
