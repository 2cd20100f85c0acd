import { useSearchParams } from 'react-router';

/**
 * The open tab of a detail page, kept in the URL (?tab=…) so a link opens the same tab and Back
 * returns to the previous one. The first tab is the default and is left out of the URL.
 */
export function useTab<T extends string>(tabs: readonly T[], param = 'tab'): [T, (tab: string | null) => void] {
  const [search, setSearch] = useSearchParams();
  const value = search.get(param);
  const current = (tabs as readonly string[]).includes(value ?? '') ? (value as T) : tabs[0]!;
  const set = (tab: string | null) =>
    setSearch((previous) => {
      const next = new URLSearchParams(previous);
      if (!tab || tab === tabs[0]) next.delete(param);
      else next.set(param, tab);
      return next;
    });
  return [current, set];
}
