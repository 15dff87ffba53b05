import {
  ActionIcon,
  AppShell,
  Badge,
  Box,
  Burger,
  Group,
  NavLink,
  Progress,
  ScrollArea,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconHeadset, IconMoon, IconSun } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigation } from 'react-router';
import { PageLoader } from '../../components/ui/PageLoader';
import { humanize } from '../../lib/format';
import { allowed } from '../../lib/permissions';
import { useMe } from '../../lib/session';
import { Breadcrumbs } from './Breadcrumbs';
import { NAV } from './nav';
import { NotificationsBell } from './NotificationsBell';
import { RealtimeBridge } from './RealtimeBridge';
import { UserMenu } from './UserMenu';

const STATUS_COLORS: Record<string, string> = { active: 'teal', trial: 'blue', suspended: 'red', inactive: 'gray' };

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} mode`}>
      <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Switch to ${next} mode`} onClick={() => setColorScheme(next)}>
        {scheme === 'dark' ? <IconSun size={20} /> : <IconMoon size={20} />}
      </ActionIcon>
    </Tooltip>
  );
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { data: me } = useMe();
  const { pathname } = useLocation();
  const navigation = useNavigation();
  if (!me) return null;

  const sections = NAV.map((s) => ({ ...s, items: s.items.filter((i) => allowed(me, i)) })).filter((s) => s.items.length > 0);
  const isActive = (to: string) => (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Group gap={8} wrap="nowrap" renderRoot={(props) => <Link to="/" {...props} />} style={{ textDecoration: 'none', color: 'inherit' }}>
              <ThemeIcon radius="xl" variant="filled">
                <IconHeadset size={18} />
              </ThemeIcon>
              <Title order={4} visibleFrom="xs">
                Switchboard
              </Title>
            </Group>
            {me.tenant ? (
              <Group gap={6} wrap="nowrap" ml="md" data-testid="current-tenant">
                <Text size="sm" c="dimmed" visibleFrom="md">
                  Tenant
                </Text>
                <Text size="sm" fw={600} truncate maw={220}>
                  {me.tenant.name}
                </Text>
                {me.tenant.status !== 'active' ? (
                  <Badge size="sm" variant="light" color={STATUS_COLORS[me.tenant.status] ?? 'gray'}>
                    {humanize(me.tenant.status)}
                  </Badge>
                ) : null}
              </Group>
            ) : (
              <Badge ml="md" variant="light" color="grape" data-testid="current-tenant">
                Platform (no tenant)
              </Badge>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ColorSchemeToggle />
            <RealtimeBridge />
            <NotificationsBell />
            <UserMenu me={me} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {sections.map((s, i) => (
            <Box key={s.label ?? i} mb="sm">
              {s.label ? (
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" py={6}>
                  {s.label}
                </Text>
              ) : null}
              {s.items.map((item) => (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={item.label}
                  leftSection={<item.icon size={18} stroke={1.6} />}
                  active={isActive(item.to)}
                  onClick={close}
                  aria-current={isActive(item.to) ? 'page' : undefined}
                  style={{ borderRadius: 'var(--mantine-radius-md)' }}
                />
              ))}
            </Box>
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" py={4}>
            {me.role ? `Signed in as ${humanize(me.role)}` : 'Signed in'}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        {navigation.state === 'loading' ? (
          <Progress value={100} animated size="xs" pos="fixed" top={56} left={0} right={0} style={{ zIndex: 200 }} aria-label="Loading page" />
        ) : null}
        <Breadcrumbs />
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
