// The signed-in shell: header with the organisation, language switch and user menu; a sidebar
// with the domains the API offers; the page in the middle. Below 62em (tablet portrait) the
// sidebar folds behind a burger so tables get the full width.
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { AppShell, Avatar, Burger, Group, Menu, NavLink, ScrollArea, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconHomeHeart, IconLogout } from '@tabler/icons-react';
import { useEffect } from 'react';
import { signOut } from '../auth/session';
import { useMe } from '../auth/useMe';
import { SIGN_IN_PATH } from '../auth/paths';
import { clearAllDrafts, setDraftOwner } from '../lib/drafts';
import { currentLang } from '../i18n';
import { translateCode } from '../api/problem';
import { visibleNavItems } from '../nav';
import { LanguageSwitch } from './LanguageSwitch';

export function AppLayout() {
  const { t } = useTranslation();
  const [navOpen, nav] = useDisclosure(false);
  const location = useLocation();
  const me = useMe().data;
  const lang = currentLang();
  const org = me?.organisation;
  const orgName = org ? (lang === 'en' && org.name_en ? org.name_en : org.name_th) : '';

  // Following a link on a tablet closes the folded sidebar.
  const { close } = nav;
  useEffect(() => close(), [location.pathname, close]);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 248, breakpoint: 'md', collapsed: { mobile: !navOpen } }} padding="lg">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="md" size="sm" aria-label={t('app.openMenu')} />
            <ThemeIcon size={34} radius="md" aria-hidden>
              <IconHomeHeart size={20} />
            </ThemeIcon>
            <Text fw={700} fz="lg">
              {t('app.name')}
            </Text>
            <Text c="dimmed" truncate visibleFrom="sm" data-testid="header-org">
              {orgName}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label={t('nav.label')}>
        <AppShell.Section grow component={ScrollArea}>
          {visibleNavItems().map((item) => (
            <NavLink
              key={item.key}
              component={RouterNavLink}
              to={item.to}
              end={item.to === '/'}
              label={t(`nav.${item.key}`)}
              leftSection={<item.icon size={20} stroke={1.6} />}
              active={item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to)}
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} bg="gray.0">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data;
  if (!me) return null;

  const handleSignOut = async () => {
    await signOut();
    // Signing out is final: forget this user's drafts and cached data too.
    clearAllDrafts();
    setDraftOwner(null);
    navigate(SIGN_IN_PATH, { replace: true });
    queryClient.removeQueries();
    notifications.show({ message: t('auth.signedOut') });
  };

  const initials = (me.full_name || me.username).trim().slice(0, 1);
  return (
    <Menu position="bottom-end" width={260} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`${t('auth.signedInAs')} ${me.full_name}`} data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            <Avatar size={32} radius="xl" color="blue" aria-hidden>
              {initials}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" maw={180} truncate>
              {me.full_name || me.username}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('auth.signedInAs')}</Menu.Label>
        <div style={{ padding: '0 12px 8px' }}>
          <Text size="sm" fw={600}>
            {me.full_name}
          </Text>
          <Text size="xs" c="dimmed">
            {me.username} · {me.roles.map((r) => translateCode('roles', r) ?? r).join(', ')}
          </Text>
          {me.organisation ? (
            <Text size="xs" c="dimmed">
              {me.organisation.name_th}
            </Text>
          ) : null}
        </div>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} color="red" onClick={() => void handleSignOut()}>
          {t('auth.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
