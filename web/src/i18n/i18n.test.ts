import { describe, expect, it } from 'vitest';
import { en, th } from './resources';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const thKeys = leaves(th);
  const enKeys = leaves(en);

  it('have the same keys in Thai and English', () => {
    const missingInEn = [...thKeys.keys()].filter((k) => !enKeys.has(k));
    const missingInTh = [...enKeys.keys()].filter((k) => !thKeys.has(k));
    expect({ missingInEn, missingInTh }).toEqual({ missingInEn: [], missingInTh: [] });
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = [...thKeys].filter(([k, v]) => placeholders(v).join() !== placeholders(enKeys.get(k) ?? '').join());
    expect(mismatched).toEqual([]);
  });

  it('have no empty strings', () => {
    const empty = [...thKeys, ...enKeys].filter(([, v]) => v.trim() === '');
    expect(empty).toEqual([]);
  });
});
