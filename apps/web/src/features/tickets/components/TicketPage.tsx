import { Card, Grid, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { useCan } from '../../../lib/session';
import { useContact } from '../api/getContact';
import { useTicket } from '../api/getTicket';
import { CcPanel } from './CcPanel';
import { Composer } from './Composer';
import { RequesterPanel } from './RequesterPanel';
import { SlaPanel } from './SlaPanel';
import { TicketHeader } from './TicketHeader';
import { TicketProperties } from './TicketProperties';
import { TicketThread } from './TicketThread';
import { useDirectory } from './useDirectory';

export function TicketPage() {
  const { id = '' } = useParams();
  const ticket = useTicket(id);
  const canWrite = useCan('tickets:write');
  const canReadContacts = useCan('contacts:read');
  const directory = useDirectory();
  const requester = useContact(ticket.data?.requester_id, canReadContacts);
  if (ticket.isPending) return <PageLoader />;
  if (ticket.isError) return <QueryError error={ticket.error} onRetry={() => ticket.refetch()} />;
  const t = ticket.data;
  return (
    <Stack gap="md">
      <TicketHeader ticket={t} canWrite={canWrite} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            {t.description ? (
              <Card withBorder radius="md" padding="md">
                <Title order={5} mb={6}>
                  Description
                </Title>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="ticket-description">
                  {t.description}
                </Text>
              </Card>
            ) : null}
            <TicketThread ticket={t} directory={directory} requester={requester.data ?? null} canWrite={canWrite} />
            {canWrite ? <Composer ticket={t} requester={requester.data ?? null} directory={directory} /> : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <TicketProperties ticket={t} directory={directory} canWrite={canWrite} />
            <SlaPanel ticket={t} canWrite={canWrite} />
            {canReadContacts ? <RequesterPanel ticket={t} requester={requester.data ?? null} loading={requester.isFetching && !requester.data} /> : null}
            <CcPanel ticket={t} canWrite={canWrite} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
