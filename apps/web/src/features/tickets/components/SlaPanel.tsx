import { Badge, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import type { SlaClockName, Ticket } from '@switchboard/shared';
import { SelectField } from '../../../components/ui/SelectField';
import { formatDateTime, formatMinutes } from '../../../lib/format';
import { notifyError } from '../../../lib/notices';
import { useSlaPolicyOptions } from '../api/getSlaPolicyOptions';
import { useUpdateTicket } from '../api/updateTicket';
import { CLOCK_LABELS, clockText, clockTone, TONE_COLORS } from './slaClocks';

const NONE = '__none__';

/** The ticket's SLA: which policy, and its first-response and resolution clocks as the server computed them. */
export function SlaPanel({ ticket, canWrite }: { ticket: Ticket; canWrite: boolean }) {
  const policies = useSlaPolicyOptions();
  const update = useUpdateTicket();
  const sla = ticket.sla;
  const options = [
    { value: NONE, label: 'No SLA' },
    ...(policies.data?.data ?? []).map((p) => ({ value: p.id, label: p.is_default ? `${p.name} (default)` : p.name })),
  ];
  const policyId = sla?.policy_id ?? (sla ? null : NONE);
  if (policyId && !options.some((o) => o.value === policyId)) options.push({ value: policyId, label: 'Current policy' });

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label="SLA" data-testid="sla-panel">
      <Title order={5} mb="sm">
        SLA
      </Title>
      <Stack gap="sm">
        <SelectField
          label="SLA policy"
          data={options}
          value={policyId}
          placeholder={sla && !sla.policy_id ? 'Policy deleted (clocks kept)' : undefined}
          disabled={!canWrite || update.isPending || ticket.status === 'closed'}
          onChange={(v) =>
            v &&
            v !== policyId &&
            update.mutate(
              { id: ticket.id, body: { sla_policy_id: v === NONE ? null : v } },
              { onError: (e) => notifyError(e, 'Could not change the SLA policy') },
            )
          }
        />
        {sla ? (
          <>
            <Text size="xs" c="dimmed">
              {sla.business_hours ? 'Business hours only' : '24/7'}
              {sla.paused_at ? ` · paused since ${formatDateTime(sla.paused_at)} (pending on the customer)` : ''}
              {sla.escalated_at ? ` · escalated ${formatDateTime(sla.escalated_at)}` : ''}
            </Text>
            {(['first_response', 'resolution'] as SlaClockName[]).map((name) => {
              const c = sla[name];
              if (!c)
                return (
                  <Text key={name} size="sm" c="dimmed">
                    {CLOCK_LABELS[name]}: the calendar is never open.
                  </Text>
                );
              const tone = clockTone(c);
              const pct = c.target_minutes > 0 ? Math.min(100, (c.elapsed_minutes / c.target_minutes) * 100) : 100;
              return (
                <Stack key={name} gap={4} data-testid={`sla-clock-${name}`} aria-label={`${CLOCK_LABELS[name]} clock`} role="group">
                  <Group justify="space-between" wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {CLOCK_LABELS[name]}
                    </Text>
                    <Badge color={TONE_COLORS[tone]} variant={tone === 'breached' ? 'filled' : 'light'} tt="none">
                      {clockText(c)}
                    </Badge>
                  </Group>
                  <Progress value={pct} color={TONE_COLORS[tone]} size="sm" aria-label={`${CLOCK_LABELS[name]}: ${Math.round(pct)}% of the target used`} />
                  <Text size="xs" c="dimmed">
                    Target {formatMinutes(c.target_minutes)} · {c.stopped_at ? `stopped ${formatDateTime(c.stopped_at)}` : `due ${formatDateTime(c.due_at)}`}
                  </Text>
                </Stack>
              );
            })}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            No SLA clocks run on this ticket.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
