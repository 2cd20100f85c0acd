// The sidebar's domains. An item shows only when the SPA has its screen AND the contract the app
// was built against has its endpoints: no placeholder pages, no fake data.
import type { ComponentType } from 'react';
import {
  IconAccessible,
  IconBuildingCommunity,
  IconCoin,
  IconFileImport,
  IconHome,
  IconLayoutDashboard,
  IconMapPin,
  IconPresentation,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { contractPaths } from './api/contract-paths';

export interface NavItem {
  /** i18n key under `nav.` */
  key: string;
  to: string;
  icon: ComponentType<{ size?: number | string; stroke?: number }>;
  /** Path prefix the contract must have; null for screens that need nothing domain-specific. */
  apiPrefix: string | null;
  /** False until the screen exists in the SPA. */
  hasScreen: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'dashboard', to: '/', icon: IconLayoutDashboard, apiPrefix: null, hasScreen: true },
  { key: 'villages', to: '/villages', icon: IconMapPin, apiPrefix: '/api/v1/organisations/current/villages', hasScreen: true },
  { key: 'citizens', to: '/citizens', icon: IconUsers, apiPrefix: '/api/v1/citizens', hasScreen: true },
  { key: 'households', to: '/households', icon: IconHome, apiPrefix: '/api/v1/households', hasScreen: true },
  { key: 'allowances', to: '/allowances', icon: IconCoin, apiPrefix: '/api/v1/allowances', hasScreen: true },
  { key: 'groups', to: '/groups', icon: IconUsersGroup, apiPrefix: '/api/v1/groups', hasScreen: true },
  { key: 'plans', to: '/plans', icon: IconBuildingCommunity, apiPrefix: '/api/v1/plans', hasScreen: true },
  { key: 'projects', to: '/projects', icon: IconPresentation, apiPrefix: '/api/v1/projects', hasScreen: true },
  { key: 'disabilityCards', to: '/disability-cards', icon: IconAccessible, apiPrefix: '/api/v1/disability-cards', hasScreen: true },
  { key: 'imports', to: '/imports', icon: IconFileImport, apiPrefix: '/api/v1/imports', hasScreen: true },
];

export function contractHas(prefix: string, paths: readonly string[] = contractPaths): boolean {
  return paths.some((p) => p === prefix || p.startsWith(`${prefix}/`));
}

export function visibleNavItems(paths: readonly string[] = contractPaths, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((item) => item.hasScreen && (item.apiPrefix === null || contractHas(item.apiPrefix, paths)));
}
