import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconApi, IconBuilding, IconCheck, IconChevronDown, IconLogout, IconSwitchHorizontal, IconUser } from '@tabler/icons-react';
import type { Me } from '@switchboard/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { humanize } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notices';
import { useLogout, useSwitchTenant } from '../../lib/session';
import { SwitchTenantModal } from './SwitchTenantModal';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join('');
}

export function UserMenu({ me }: { me: Me }) {
  const logout = useLogout();
  const switchTenant = useSwitchTenant();
  const [enterOpen, setEnterOpen] = useState(false);
  const currentId = me.tenant?.id;
  return (
    <>
      <Menu position="bottom-end" width={260} shadow="md" withinPortal>
        <Menu.Target>
          <UnstyledButton aria-label="User menu" data-testid="user-menu">
            <Group gap={8} wrap="nowrap">
              <Avatar src={me.user.avatar_url} alt={me.user.name} radius="xl" size={32} color="indigo">
                {initials(me.user.name || me.user.email)}
              </Avatar>
              <Text size="sm" fw={500} visibleFrom="sm" maw={160} truncate>
                {me.user.name || me.user.email}
              </Text>
              <IconChevronDown size={14} />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
              {me.user.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {me.user.email}
            </Text>
            {me.role ? (
              <Text size="xs" c="dimmed">
                {humanize(me.role)}
              </Text>
            ) : null}
          </Menu.Label>
          <Menu.Item component={Link} to="/profile" leftSection={<IconUser size={16} />}>
            Profile
          </Menu.Item>
          {me.memberships.length > 0 ? <Menu.Label>Switch tenant</Menu.Label> : null}
          {me.memberships.map((m) => (
            <Menu.Item
              key={m.tenant_id}
              leftSection={<IconBuilding size={16} />}
              rightSection={m.tenant_id === currentId ? <IconCheck size={14} /> : null}
              disabled={m.tenant_id === currentId || switchTenant.isPending}
              data-testid={`switch-tenant-${m.tenant_id}`}
              onClick={() =>
                switchTenant.mutate(m.tenant_id, {
                  onSuccess: () => notifySuccess('Tenant switched', `Now working in ${m.tenant_name}`),
                  onError: (e) => notifyError(e, 'Could not switch tenant'),
                })
              }
            >
              <Text size="sm" truncate>
                {m.tenant_name}
              </Text>
              <Text size="xs" c="dimmed">
                {humanize(m.role)}
              </Text>
            </Menu.Item>
          ))}
          {me.user.is_superadmin ? (
            <Menu.Item leftSection={<IconSwitchHorizontal size={16} />} onClick={() => setEnterOpen(true)}>
              Enter a tenant by ID…
            </Menu.Item>
          ) : null}
          <Menu.Divider />
          <Menu.Item component="a" href="/docs" target="_blank" rel="noreferrer" leftSection={<IconApi size={16} />}>
            API docs
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={logout}>
            Log out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <SwitchTenantModal opened={enterOpen} onClose={() => setEnterOpen(false)} />
    </>
  );
}
