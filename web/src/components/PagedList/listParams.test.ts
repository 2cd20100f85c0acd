import { describe, expect, it } from 'vitest';
import { nextSort, readListParams, sortDirection, writeListParams } from './listParams';

const config = { sortable: ['number', 'name_th'], filterNames: ['q', 'status'], defaultSort: 'number' };

describe('list params in the URL', () => {
  it('reads defaults from an empty query', () => {
    expect(readListParams(new URLSearchParams(''), config)).toEqual({ page: 1, pageSize: 25, sort: 'number', filters: {} });
  });

  it('reads page, size, sort and filters', () => {
    const p = readListParams(new URLSearchParams('page=3&page_size=50&sort=-name_th&q=%E0%B8%9A%E0%B9%89%E0%B8%B2%E0%B8%99&other=1'), config);
    expect(p).toEqual({ page: 3, pageSize: 50, sort: '-name_th', filters: { q: 'บ้าน' } });
  });

  it('ignores invalid values instead of sending them to the API', () => {
    const p = readListParams(new URLSearchParams('page=-2&page_size=7&sort=password&q=%20%20'), config);
    expect(p).toEqual({ page: 1, pageSize: 25, sort: 'number', filters: {} });
  });

  it('writes only what differs from the defaults and keeps unrelated params', () => {
    const out = writeListParams(new URLSearchParams('tab=2&page=4'), { page: 1, pageSize: 25, sort: 'number', filters: { status: 'active' } }, config);
    expect(out.toString()).toBe('tab=2&status=active');
  });

  it('round-trips', () => {
    const params = { page: 2, pageSize: 100, sort: '-number', filters: { q: 'หมู่ 5' } };
    expect(readListParams(writeListParams(new URLSearchParams(), params, config), config)).toEqual(params);
  });

  it('toggles sort direction', () => {
    expect(nextSort(null, 'number')).toBe('number');
    expect(nextSort('number', 'number')).toBe('-number');
    expect(nextSort('-number', 'number')).toBe('number');
    expect(nextSort('-number', 'name_th')).toBe('name_th');
    expect(sortDirection('-number', 'number')).toBe('descending');
    expect(sortDirection('name_th', 'number')).toBe('none');
  });

  it('keeps several lists on one page apart with a prefix', () => {
    const members = { ...config, prefix: 'members' };
    const search = new URLSearchParams('tab=members&page=3&members.page=2&members.q=%E0%B8%AA%E0%B8%A1');
    expect(readListParams(search, members)).toEqual({ page: 2, pageSize: 25, sort: 'number', filters: { q: 'สม' } });
    const out = writeListParams(search, { page: 1, pageSize: 50, sort: '-number', filters: {} }, members);
    expect(out.toString()).toBe('tab=members&page=3&members.page_size=50&members.sort=-number');
  });
});
