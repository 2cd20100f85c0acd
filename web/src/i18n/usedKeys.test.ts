// Every literal key the app passes to t() exists in the Thai words (and so, by the parity test,
// in the English ones): a typo or a forgotten key would otherwise show as the raw key on screen.
import { describe, expect, it } from 'vitest';
import { th } from './resources';

const sources = import.meta.glob(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../api/schema.d.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function has(tree: unknown, key: string): boolean {
  let node = tree;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

describe('translation keys', () => {
  it('exist for every t("…") in the code', () => {
    const missing: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) if (!has(th, match[1]!)) missing.push(`${file}: ${match[1]}`);
    }
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});
