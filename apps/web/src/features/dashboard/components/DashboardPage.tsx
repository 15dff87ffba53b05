import { Alert, Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import {
  IconAddressBook,
  IconBuildingSkyscraper,
  IconListDetails,
  IconSettings,
  IconShieldLock,
  IconTags,
  IconUser,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import type { Permission } from '@switchboard/shared';
import { useNavigate } from 'react-router';
import { humanize } from '../../../lib/format';
import { allowed } from '../../../lib/permissions';
import { useMe } from '../../../lib/session';

interface QuickLink {
  label: string;
  description: string;
  to: string;
  icon: Icon;
  permission?: Permission;
  needsTenant?: boolean;
}

const LINKS: QuickLink[] = [
  { label: 'Contacts', description: 'Find, add and import customers', to: '/contacts', icon: IconAddressBook, permission: 'contacts:read', needsTenant: true },
  { label: 'Tags', description: 'Organize contacts with labels', to: '/tags', icon: IconTags, permission: 'tags:read', needsTenant: true },
  { label: 'Users', description: 'Invite and manage your team', to: '/users', icon: IconUsers, permission: 'users:read', needsTenant: true },
  { label: 'Roles', description: 'What each role may do', to: '/roles', icon: IconShieldLock, permission: 'roles:read', needsTenant: true },
  { label: 'Audit log', description: 'Who changed what, and when', to: '/audit', icon: IconListDetails, permission: 'audit:read', needsTenant: true },
  {
    label: 'Settings',
    description: 'Time zone, branding, business hours',
    to: '/settings',
    icon: IconSettings,
    permission: 'tenant:settings',
    needsTenant: true,
  },
  { label: 'Tenants', description: 'Every company on the platform', to: '/tenants', icon: IconBuildingSkyscraper, permission: 'tenants:manage' },
  { label: 'Profile', description: 'Your name, photo and password', to: '/profile', icon: IconUser },
];

export function DashboardPage() {
  const { data: me } = useMe();
  const navigate = useNavigate();
  if (!me) return null;
  const links = LINKS.filter((l) => allowed(me, l));
  const firstName = me.user.name.split(/\s+/)[0] || me.user.email;
  return (
    <Stack gap="lg">
      <div>
        <Title order={2} data-testid="welcome">
          Welcome, {firstName}
        </Title>
        <Group gap="xs" mt={6}>
          <Text c="dimmed">{me.tenant ? me.tenant.name : 'Platform administration'}</Text>
          {me.role ? (
            <Badge variant="light" data-testid="current-role">
              {humanize(me.role)}
            </Badge>
          ) : null}
          {me.user.is_superadmin && me.role !== 'superadmin' ? (
            <Badge variant="light" color="grape">
              Superadmin
            </Badge>
          ) : null}
        </Group>
      </div>

      {me.tenant?.status === 'trial' ? (
        <Alert color="blue" variant="light" title="Trial">
          {me.tenant.name} is on a trial plan.
        </Alert>
      ) : null}
      {me.tenant?.status === 'suspended' ? (
        <Alert color="red" variant="light" title="Suspended">
          {me.tenant.name} is suspended. Most actions are unavailable.
        </Alert>
      ) : null}
      {!me.tenant && me.user.is_superadmin ? (
        <Alert color="grape" variant="light" title="No tenant selected">
          You are outside any tenant. Manage companies on the Tenants page, or enter one from the user menu.
        </Alert>
      ) : null}

      <div>
        <Title order={4} mb="sm">
          Quick links
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          {links.map((l) => (
            <UnstyledButton key={l.to} onClick={() => navigate(l.to)} data-testid={`quick-link-${l.to.slice(1) || 'home'}`}>
              <Card withBorder padding="md" radius="md" h="100%">
                <Group wrap="nowrap" align="flex-start">
                  <ThemeIcon variant="light" size="lg" radius="md">
                    <l.icon size={20} />
                  </ThemeIcon>
                  <div>
                    <Text fw={600}>{l.label}</Text>
                    <Text size="sm" c="dimmed">
                      {l.description}
                    </Text>
                  </div>
                </Group>
              </Card>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </div>
    </Stack>
  );
}
