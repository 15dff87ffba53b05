import { Button, Checkbox, Group, Stack } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { SearchInput } from '../../../components/ui/SearchInput';
import { SelectField } from '../../../components/ui/SelectField';
import { ContactPicker } from './ContactPicker';
import { DateFilters } from './DateFilters';
import { PRIORITY_OPTIONS, SORT_OPTIONS, STATUS_PRESETS } from './ticketOptions';
import type { Directory } from './useDirectory';
import { ANY_STATUS, DEFAULT_SORT, DEFAULT_STATUS, type TicketFilterState } from './useTicketFilters';

const STATUS_FILTER_OPTIONS = [...STATUS_PRESETS, { value: ANY_STATUS, label: 'Any status' }];

/** Search, filters and sort of the ticket list. */
export function TicketFiltersBar({ state, directory }: { state: TicketFilterState; directory: Directory }) {
  const { filters, setFilter } = state;
  const statusValue = state.status;
  // A status combination typed into the address bar still shows as itself.
  const statusOptions = STATUS_FILTER_OPTIONS.some((o) => o.value === statusValue)
    ? STATUS_FILTER_OPTIONS
    : [...STATUS_FILTER_OPTIONS, { value: statusValue, label: statusValue.replace(/,/g, ', ') }];
  return (
    <Group mb="md" align="flex-end" gap="sm" wrap="wrap">
      <SearchInput
        label="Search tickets"
        value={filters.q ?? ''}
        placeholder="Words in the subject or messages, or a number"
        onChange={(v) => setFilter('q', v || null)}
      />
      <SelectField
        label="Status"
        data={statusOptions}
        value={statusValue}
        w={190}
        onChange={(v) => setFilter('status', v === (state.trash ? ANY_STATUS : DEFAULT_STATUS) ? null : v)}
      />
      <SelectField
        label="Priority"
        placeholder="Any priority"
        data={PRIORITY_OPTIONS}
        value={filters.priority ?? null}
        clearable
        w={150}
        onChange={(v) => setFilter('priority', v)}
      />
      <SelectField
        label="Assignee"
        placeholder="Anyone"
        data={directory.agentOptions}
        value={filters.assignee_id ?? null}
        clearable
        w={180}
        onChange={(v) => setFilter('assignee_id', v)}
      />
      {directory.canReadUsers ? (
        <SelectField
          label="Team"
          placeholder="Any team"
          data={directory.teamOptions}
          value={filters.team_id ?? null}
          clearable
          w={170}
          onChange={(v) => setFilter('team_id', v)}
        />
      ) : null}
      <SelectField
        label="Tag"
        placeholder="Any tag"
        data={directory.tagOptions}
        value={filters.tag_id ?? null}
        clearable
        w={160}
        onChange={(v) => setFilter('tag_id', v)}
      />
      <ContactPicker label="Requester" placeholder="Anyone" value={filters.requester_id ?? null} w={220} onChange={(v) => setFilter('requester_id', v)} />
      <DateFilters state={state} />
      <Stack gap={6} pb={4}>
        <Checkbox label="Overdue" checked={filters.overdue === 'true'} onChange={(e) => setFilter('overdue', e.currentTarget.checked ? 'true' : null)} />
        <Checkbox
          label="SLA breached"
          checked={filters.sla_breached === 'true'}
          onChange={(e) => setFilter('sla_breached', e.currentTarget.checked ? 'true' : null)}
        />
      </Stack>
      <SelectField
        label="Sort"
        data={SORT_OPTIONS}
        value={filters.sort ?? DEFAULT_SORT}
        w={190}
        onChange={(v) => setFilter('sort', v === DEFAULT_SORT ? null : v)}
      />
      {state.filtered ? (
        <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={state.clearFilters}>
          Clear filters
        </Button>
      ) : null}
    </Group>
  );
}
