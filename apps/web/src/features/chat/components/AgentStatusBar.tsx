import { Badge, Button, Group, NumberInput, Paper, SegmentedControl, Switch, Text, Tooltip } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { type AgentAvailability, type ChatAgent, MAX_CHATS_LIMIT } from '@switchboard/shared';
import { useEffect, useState } from 'react';
import { notifyError } from '../../../lib/notices';
import { useUpdateMyChatAgent } from '../api/updateMyChatAgent';
import { askNotificationPermission, notificationsSupported } from './deskAlerts';

const AVAILABILITY = [
  { value: 'online', label: 'Online' },
  { value: 'away', label: 'Away' },
  { value: 'offline', label: 'Offline' },
];

/** The agent's own switches: availability, how many chats at once, auto-accept; plus desktop notifications. */
export function AgentStatusBar({ agent }: { agent: ChatAgent }) {
  const update = useUpdateMyChatAgent();
  const [maxChats, setMaxChats] = useState<number | string>(agent.max_chats);
  const [permission, setPermission] = useState(() => (notificationsSupported() ? Notification.permission : 'denied'));
  useEffect(() => setMaxChats(agent.max_chats), [agent.max_chats]);

  const save = (body: Parameters<typeof update.mutate>[0]) => update.mutate(body, { onError: (e) => notifyError(e, 'Could not change your chat status') });
  const saveMax = () => {
    const n = Number(maxChats);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_CHATS_LIMIT && n !== agent.max_chats) save({ max_chats: n });
    else setMaxChats(agent.max_chats);
  };
  const enableNotifications = async () => {
    const p = await askNotificationPermission();
    if (p !== 'unsupported') setPermission(p);
  };

  return (
    <Paper withBorder radius="md" p="sm" data-testid="agent-status">
      <Group gap="md" wrap="wrap">
        <Group gap={6}>
          <Text size="sm" fw={500} id="availability-label">
            Availability
          </Text>
          <SegmentedControl
            aria-labelledby="availability-label"
            size="xs"
            value={agent.availability}
            data={AVAILABILITY}
            color={agent.availability === 'online' ? 'teal' : agent.availability === 'away' ? 'yellow' : 'gray'}
            onChange={(v) => {
              save({ availability: v as AgentAvailability });
              // Going online is a good moment (and a user action) to ask for desktop notifications.
              if (v === 'online') void enableNotifications();
            }}
          />
        </Group>
        <NumberInput
          label="Max chats"
          size="xs"
          w={110}
          min={1}
          max={MAX_CHATS_LIMIT}
          allowDecimal={false}
          allowNegative={false}
          value={maxChats}
          onChange={setMaxChats}
          onBlur={saveMax}
          onKeyDown={(e) => e.key === 'Enter' && saveMax()}
          styles={{ root: { display: 'flex', alignItems: 'center', gap: 6 }, label: { marginBottom: 0 } }}
        />
        <Switch size="sm" label="Auto-accept" checked={agent.auto_accept} onChange={(e) => save({ auto_accept: e.currentTarget.checked })} description={null} />
        <Tooltip label={agent.present ? 'Your console is connected' : 'Your console is not connected: no chats are routed to you'}>
          <Badge variant="light" color={agent.accepting ? 'teal' : 'gray'} data-testid="agent-load">
            {agent.active_chats} / {agent.max_chats} chats{agent.accepting ? ' · taking chats' : ''}
          </Badge>
        </Tooltip>
        {notificationsSupported() && permission === 'default' ? (
          <Button size="xs" variant="light" leftSection={<IconBell size={14} />} onClick={() => void enableNotifications()}>
            Enable desktop notifications
          </Button>
        ) : null}
      </Group>
    </Paper>
  );
}
