import { ActionIcon, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconBell, IconCheck, IconInfoCircle, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { clearNotices, markAllRead, type NoticeKind, useNotices } from '../../lib/notices';
import { timeAgo } from '../../lib/format';

const ICONS: Record<NoticeKind, { color: string; icon: typeof IconCheck }> = {
  success: { color: 'teal', icon: IconCheck },
  error: { color: 'red', icon: IconX },
  info: { color: 'blue', icon: IconInfoCircle },
  warning: { color: 'yellow', icon: IconAlertTriangle },
};

/** The bell: recent in-app notices ("User created", errors…). */
export function NotificationsBell() {
  const notices = useNotices();
  const [opened, setOpened] = useState(false);
  const unread = notices.filter((n) => !n.read).length;
  return (
    <Popover
      width={340}
      position="bottom-end"
      shadow="md"
      opened={opened}
      onChange={(o) => {
        setOpened(o);
        if (!o) markAllRead();
      }}
    >
      <Popover.Target>
        <Indicator label={unread > 9 ? '9+' : unread} size={16} disabled={unread === 0} offset={4} color="red">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={unread ? `Notifications (${unread} unread)` : 'Notifications'}
            data-testid="notifications-button"
            onClick={() => {
              if (opened) markAllRead();
              setOpened((o) => !o);
            }}
          >
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="notifications-panel">
        <Group justify="space-between" px="md" py="xs">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button size="compact-xs" variant="subtle" onClick={clearNotices} disabled={notices.length === 0}>
            Clear
          </Button>
        </Group>
        <Divider />
        {notices.length === 0 ? (
          <Text c="dimmed" size="sm" p="md" ta="center">
            No notifications yet.
          </Text>
        ) : (
          <ScrollArea.Autosize mah={360}>
            <Stack gap={0} role="list">
              {notices.map((n) => {
                const { color, icon: Icon } = ICONS[n.kind];
                return (
                  <Group
                    key={n.id}
                    role="listitem"
                    wrap="nowrap"
                    align="flex-start"
                    px="md"
                    py="xs"
                    gap="sm"
                    bg={n.read ? undefined : 'var(--mantine-color-default-hover)'}
                  >
                    <ThemeIcon color={color} variant="light" size="sm" radius="xl" mt={2}>
                      <Icon size={14} />
                    </ThemeIcon>
                    <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                      <Text size="sm" fw={500}>
                        {n.title}
                      </Text>
                      {n.message ? (
                        <Text size="xs" c="dimmed" lineClamp={3}>
                          {n.message}
                        </Text>
                      ) : null}
                      <Text size="xs" c="dimmed">
                        {timeAgo(n.at)}
                      </Text>
                    </Stack>
                  </Group>
                );
              })}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
