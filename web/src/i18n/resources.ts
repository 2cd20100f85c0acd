// The words of the app. The shared words live in locales/{th,en}.json; each screen area keeps its
// own in locales/<area>/{th,en}.json, merged in here, so areas grow without touching one big file.
import thBase from './locales/th.json';
import enBase from './locales/en.json';

export type Tree = { [key: string]: string | Tree };

function merge(into: Tree, from: Tree, where: string): Tree {
  for (const [key, value] of Object.entries(from)) {
    const here = into[key];
    if (here === undefined) into[key] = value;
    else if (typeof here === 'object' && typeof value === 'object') merge(here, value, `${where}${key}.`);
    // Two files giving the same word would make one silently win: refuse at start-up instead.
    else throw new Error(`translation key ${where}${key} is defined twice`);
  }
  return into;
}

const areas = import.meta.glob('./locales/*/*.json', { eager: true, import: 'default' }) as Record<string, Tree>;

function build(lang: 'th' | 'en', base: Tree): Tree {
  const out = structuredClone(base);
  for (const [file, words] of Object.entries(areas)) if (file.endsWith(`/${lang}.json`)) merge(out, words, '');
  return out;
}

export const th = build('th', thBase as Tree);
export const en = build('en', enBase as Tree);
