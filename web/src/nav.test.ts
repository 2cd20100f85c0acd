import { describe, expect, it } from 'vitest';
import { IconUsers } from '@tabler/icons-react';
import { contractHas, visibleNavItems, type NavItem } from './nav';

const item = (key: string, apiPrefix: string | null, hasScreen = true): NavItem => ({ key, to: `/${key}`, icon: IconUsers, apiPrefix, hasScreen });

describe('navigation', () => {
  it('matches whole path segments only', () => {
    expect(contractHas('/api/v1/citizens', ['/api/v1/citizens/{id}'])).toBe(true);
    expect(contractHas('/api/v1/citizens', ['/api/v1/citizens'])).toBe(true);
    expect(contractHas('/api/v1/citizens', ['/api/v1/citizens-export'])).toBe(false);
  });

  it('hides domains the contract lacks and screens not built yet', () => {
    const items = [item('home', null), item('citizens', '/api/v1/citizens'), item('groups', '/api/v1/groups'), item('plans', '/api/v1/plans', false)];
    const shown = visibleNavItems(['/api/v1/citizens', '/api/v1/plans'], items).map((i) => i.key);
    expect(shown).toEqual(['home', 'citizens']);
  });
});
