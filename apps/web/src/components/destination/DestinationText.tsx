import { Badge, Group, Text } from '@mantine/core';
import type { Destination } from '@switchboard/shared';
import { TARGET_LABELS, useTargetOptions } from './destinationTargets';
import { DESTINATION_TYPE_LABELS } from './destinationValue';

const COLORS: Record<Destination['type'], string> = {
  queue: 'blue',
  extension: 'teal',
  ivr: 'grape',
  voicemail: 'orange',
  webhook: 'cyan',
  external: 'indigo',
  hangup: 'gray',
};

/** The target's name (or the URL / number) of a destination. */
export function useDestinationName(d: Destination | null | undefined): string {
  const kind = d && 'target_id' in d ? d.type : null;
  const options = useTargetOptions(kind as keyof typeof TARGET_LABELS | null);
  if (!d) return '';
  if ('target_id' in d) {
    const found = options.data?.find((o) => o.value === d.target_id);
    if (found) return found.label;
    return options.isPending ? '…' : `Unknown ${TARGET_LABELS[d.type]}`;
  }
  if (d.type === 'webhook') return d.url;
  if (d.type === 'external') return d.number;
  return '';
}

/** A destination in one line: its type as a badge, then what it points at. */
export function DestinationText({ destination, empty = 'Not set' }: { destination: Destination | null | undefined; empty?: string }) {
  const name = useDestinationName(destination);
  if (!destination)
    return (
      <Text size="sm" c="dimmed" span>
        {empty}
      </Text>
    );
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <Badge size="sm" variant="light" color={COLORS[destination.type]} tt="none">
        {DESTINATION_TYPE_LABELS[destination.type]}
      </Badge>
      {name ? (
        <Text size="sm" span truncate maw={260}>
          {name}
        </Text>
      ) : null}
    </Group>
  );
}
