import { describe, expect, it } from 'vitest';
import { safeReturnPath, signInUrl } from './paths';

describe('sign-in redirects', () => {
  it('carries the page to come back to', () => {
    expect(signInUrl('/villages?page=2', 'expired')).toBe('/sign-in?next=%2Fvillages%3Fpage%3D2&reason=expired');
    expect(signInUrl('/')).toBe('/sign-in');
  });

  it('only returns to paths inside the app', () => {
    expect(safeReturnPath('/villages?page=2')).toBe('/villages?page=2');
    expect(safeReturnPath(null)).toBe('/');
    expect(safeReturnPath('https://evil.example')).toBe('/');
    expect(safeReturnPath('//evil.example')).toBe('/');
    expect(safeReturnPath('/\\evil.example')).toBe('/');
    expect(safeReturnPath('/sign-in?next=/x')).toBe('/');
  });
});
