import { Anchor, Badge, Button, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { EmailChannel } from '@switchboard/shared';
import { Link, useNavigate } from 'react-router';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { useListState } from '../../../components/ui/useListState';
import { formatDateTime } from '../../../lib/format';
import { useEmailChannels } from '../api/getEmailChannels';

export function EmailChannelsPage() {
  const navigate = useNavigate();
  const { page, pageSize, pagination } = useListState();
  const channels = useEmailChannels({ page, page_size: pageSize });

  const columns: Column<EmailChannel>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (c) => (
        <Anchor component={Link} to={`/helpdesk/email-channels/${c.id}`} size="sm" fw={500} onClick={(e) => e.stopPropagation()}>
          {c.name}
        </Anchor>
      ),
    },
    { key: 'address', header: 'Address', render: (c) => <Text size="sm">{c.address}</Text> },
    {
      key: 'enabled',
      header: 'State',
      render: (c) => (
        <Badge variant="light" color={c.enabled ? 'teal' : 'gray'} tt="none">
          {c.enabled ? 'On' : 'Off'}
        </Badge>
      ),
    },
    {
      key: 'in',
      header: 'Mail in',
      render: (c) => <Text size="sm">{c.imap_host ? `IMAP ${c.imap_host} · ${c.imap_mailbox}` : 'Inbound HTTP only'}</Text>,
    },
    {
      key: 'polled',
      header: 'Last read',
      render: (c) =>
        c.imap_last_error ? (
          <Tooltip label={c.imap_last_error} multiline w={320}>
            <Badge color="red" variant="light" tt="none">
              Error {formatDateTime(c.imap_last_polled_at)}
            </Badge>
          </Tooltip>
        ) : (
          <Text size="sm">{c.imap_host ? formatDateTime(c.imap_last_polled_at) : '—'}</Text>
        ),
    },
  ];

  return (
    <Stack gap={0}>
      <PageHeader
        title="Email channels"
        description="Support addresses: mail to them becomes tickets (read over IMAP or posted by your mail server), and replies go out from them."
        actions={
          <Button component={Link} to="/helpdesk/email-channels/new" leftSection={<IconPlus size={16} />}>
            New email channel
          </Button>
        }
      />
      {channels.isError ? <QueryError error={channels.error} onRetry={() => channels.refetch()} /> : null}
      <DataTable
        label="Email channels"
        testId="email-channels-table"
        columns={columns}
        rows={channels.data?.data}
        rowKey={(c) => c.id}
        rowTestId={(c) => `email-channel-row-${c.address}`}
        onRowClick={(c) => navigate(`/helpdesk/email-channels/${c.id}`)}
        loading={channels.isFetching && !channels.data}
        emptyText="No email channels yet: tickets come from agents and the API only."
        pagination={pagination(channels.data?.meta.total ?? 0)}
      />
    </Stack>
  );
}
