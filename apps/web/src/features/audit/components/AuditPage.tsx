import { Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconEye, IconFilter, IconFilterOff } from '@tabler/icons-react';
import type { AuditEntry } from '@switchboard/shared';
import { useState } from 'react';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { useListState } from '../../../components/ui/useListState';
import { formatDateTime, localInputToIso } from '../../../lib/format';
import { type AuditListParams, useAudit } from '../api/getAudit';
import { AuditEntryDrawer } from './AuditEntryDrawer';

interface Filters {
  action: string;
  entity_type: string;
  entity_id: string;
  actor_user_id: string;
  from: string;
  to: string;
}

const emptyFilters: Filters = { action: '', entity_type: '', entity_id: '', actor_user_id: '', from: '', to: '' };

function toParams(f: Filters): Omit<AuditListParams, 'page' | 'page_size'> {
  const t = (s: string) => s.trim() || undefined;
  return {
    action: t(f.action),
    entity_type: t(f.entity_type),
    entity_id: t(f.entity_id),
    actor_user_id: t(f.actor_user_id),
    from: localInputToIso(f.from) ?? undefined,
    to: localInputToIso(f.to) ?? undefined,
  };
}

const ACTION_COLORS: Record<string, string> = { create: 'teal', update: 'blue', delete: 'red', login: 'gray' };
function actionColor(action: string): string {
  const verb = action.split(/[.:]/).pop() ?? action;
  for (const [k, c] of Object.entries(ACTION_COLORS)) if (verb.includes(k)) return c;
  return 'indigo';
}

export function AuditPage() {
  const [filters, setFilters] = useState<Filters>(emptyFilters);
  const { page, pageSize, setPage, pagination } = useListState();
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const form = useForm<Filters>({
    mode: 'uncontrolled',
    initialValues: emptyFilters,
    validate: {
      to: (to, v) => (to && v.from && new Date(to) < new Date(v.from) ? '"To" is before "From"' : null),
    },
  });
  const audit = useAudit({ ...toParams(filters), page, page_size: pageSize });
  const active = Object.values(filters).some(Boolean);

  const columns: Column<AuditEntry>[] = [
    { key: 'time', header: 'Time', render: (e) => <Text size="sm">{formatDateTime(e.created_at)}</Text> },
    { key: 'actor', header: 'Actor', render: (e) => <Text size="sm">{e.actor_email ?? 'system'}</Text> },
    {
      key: 'action',
      header: 'Action',
      render: (e) => (
        <Badge variant="light" tt="none" color={actionColor(e.action)}>
          {e.action}
        </Badge>
      ),
    },
    {
      key: 'entity',
      header: 'Entity',
      render: (e) => (
        <Text size="sm">
          {e.entity_type}{' '}
          {e.entity_id ? (
            <Code fz="xs" title={e.entity_id}>
              {e.entity_id.length > 14 ? `${e.entity_id.slice(0, 12)}…` : e.entity_id}
            </Code>
          ) : null}
        </Text>
      ),
    },
    { key: 'ip', header: 'IP', render: (e) => <Text size="sm">{e.ip ?? '—'}</Text> },
    {
      key: 'details',
      header: 'Details',
      align: 'right',
      render: (e) => (
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconEye size={14} />}
          aria-label="View details"
          onClick={(ev) => {
            ev.stopPropagation();
            setSelected(e);
          }}
        >
          View
        </Button>
      ),
    },
  ];

  return (
    <Stack gap={0}>
      <PageHeader title="Audit log" description="Every change made in this organization: who, what, when, and the data before and after." />
      <Paper withBorder p="md" mb="md" radius="md">
        <form
          onSubmit={form.onSubmit((v) => {
            setFilters(v);
            setPage(1);
          })}
          data-testid="audit-filters"
        >
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            <TextInput label="Action" placeholder="e.g. user.create" key={form.key('action')} {...form.getInputProps('action')} />
            <TextInput label="Entity type" placeholder="e.g. user, contact" key={form.key('entity_type')} {...form.getInputProps('entity_type')} />
            <TextInput label="Entity ID" key={form.key('entity_id')} {...form.getInputProps('entity_id')} />
            <TextInput label="Actor user ID" key={form.key('actor_user_id')} {...form.getInputProps('actor_user_id')} />
            <TextInput label="From" type="datetime-local" key={form.key('from')} {...form.getInputProps('from')} />
            <TextInput label="To" type="datetime-local" key={form.key('to')} {...form.getInputProps('to')} />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            {active ? (
              <Button
                variant="default"
                leftSection={<IconFilterOff size={16} />}
                onClick={() => {
                  form.reset();
                  setFilters(emptyFilters);
                  setPage(1);
                }}
              >
                Reset filters
              </Button>
            ) : null}
            <Button type="submit" leftSection={<IconFilter size={16} />}>
              Apply filters
            </Button>
          </Group>
        </form>
      </Paper>
      {audit.isError ? <QueryError error={audit.error} onRetry={() => audit.refetch()} /> : null}
      <DataTable
        label="Audit log"
        testId="audit-table"
        columns={columns}
        rows={audit.data?.data}
        rowKey={(e) => e.id}
        loading={audit.isFetching && !audit.data}
        onRowClick={setSelected}
        emptyText={active ? 'No entries match the filters.' : 'No audit entries yet.'}
        pagination={pagination(audit.data?.meta.total ?? 0)}
      />
      <AuditEntryDrawer entry={selected} onClose={() => setSelected(null)} />
    </Stack>
  );
}
