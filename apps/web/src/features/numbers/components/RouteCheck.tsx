import { Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconRoute } from '@tabler/icons-react';
import type { RouteState } from '@switchboard/shared';
import { useState } from 'react';
import { DestinationText } from '../../../components/destination/DestinationText';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime, humanize } from '../../../lib/format';
import { browserTimeZone, isoToZonedInput, zonedInputToIso } from '../../../lib/zoned';
import { useCheckNumberRoute } from '../api/getNumberRoute';

const STATE_COLORS: Record<RouteState, string> = { open: 'teal', always_open: 'teal', closed: 'orange', holiday: 'grape', closure: 'red' };

/** "Where does a call go at …": asks the server's route resolution for an instant typed in the schedule's time zone. */
export function RouteCheck({ numberId, timezone }: { numberId: string; timezone: string | null }) {
  const tz = timezone ?? browserTimeZone();
  const [at, setAt] = useState(() => isoToZonedInput(new Date().toISOString(), tz));
  const check = useCheckNumberRoute();
  const route = check.data;

  return (
    <Stack gap="sm" data-testid="route-check">
      <Group align="flex-end" gap="sm">
        <TextInput type="datetime-local" label="Call time" description={`In ${tz}`} value={at} onChange={(e) => setAt(e.currentTarget.value)} w={240} />
        <Button
          leftSection={<IconRoute size={16} />}
          loading={check.isPending}
          onClick={() => check.mutate({ id: numberId, at: zonedInputToIso(at, tz) ?? undefined })}
        >
          Check route
        </Button>
        <Button
          variant="default"
          onClick={() => {
            setAt(isoToZonedInput(new Date().toISOString(), tz));
            check.mutate({ id: numberId });
          }}
        >
          Check now
        </Button>
      </Group>
      {check.isError ? <FormErrorAlert error={errorMessage(check.error)} /> : null}
      {route ? (
        <Paper withBorder p="md" radius="md" data-testid="route-result">
          <Group gap="sm" mb={6}>
            <Badge color={STATE_COLORS[route.state]} variant="filled">
              {humanize(route.state)}
            </Badge>
            <Text size="sm" fw={500}>
              {route.reason}
            </Text>
          </Group>
          <Group gap="xs" mb={4}>
            <Text size="sm" c="dimmed">
              Goes to
            </Text>
            <DestinationText destination={route.destination} />
          </Group>
          <Text size="xs" c="dimmed">
            At {formatDateTime(route.at)}
            {route.local_time && route.timezone ? ` (${route.local_time.replace('T', ' ')} in ${route.timezone})` : ''}
          </Text>
        </Paper>
      ) : null}
    </Stack>
  );
}
