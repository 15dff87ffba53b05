import { Badge, Button, Popover, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import type { FilterKey, TicketFilterState } from './useTicketFilters';

const FIELDS: { key: FilterKey; label: string }[] = [
  { key: 'created_from', label: 'Created from' },
  { key: 'created_to', label: 'Created to' },
  { key: 'updated_from', label: 'Updated from' },
  { key: 'updated_to', label: 'Updated to' },
];

/** Created and last-changed date ranges, in a popover to keep the bar short. */
export function DateFilters({ state }: { state: TicketFilterState }) {
  const active = FIELDS.filter((f) => state.filters[f.key]).length;
  return (
    <Popover position="bottom-start" shadow="md" width={340} trapFocus>
      <Popover.Target>
        <Button
          variant="default"
          leftSection={<IconCalendar size={16} />}
          rightSection={
            active ? (
              <Badge size="xs" circle>
                {active}
              </Badge>
            ) : null
          }
        >
          Dates
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <SimpleGrid cols={2}>
            {FIELDS.map((f) => (
              <TextInput
                key={f.key}
                type="date"
                label={f.label}
                value={state.filters[f.key] ?? ''}
                onChange={(e) => state.setFilter(f.key, e.currentTarget.value || null)}
              />
            ))}
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            Whole days in UTC, both ends included.
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
