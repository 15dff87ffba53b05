import { Card, Checkbox, NumberInput, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { SelectField } from '../../../components/ui/SelectField';
import { useCan } from '../../../lib/session';
import { useTeamOptions, useUserOptions } from '../api/getEscalationOptions';

export interface EscalationValues {
  warning_percent: number | '';
  escalate: boolean;
  raise_priority: boolean;
  assignee_id: string | null;
  team_id: string | null;
}

/** When clocks warn, and what happens to a ticket at its first breach. */
export function EscalationCard({ form }: { form: UseFormReturnType<any> }) {
  const canReadUsers = useCan('users:read');
  const users = useUserOptions(canReadUsers);
  const teams = useTeamOptions(canReadUsers);
  const values = form.getValues() as EscalationValues;
  const userData = (users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const teamData = (teams.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={4} mb="sm">
        Warnings and escalation
      </Title>
      <Stack>
        <NumberInput
          label="Warn at"
          description="Share of a target after which the clock warns the assignee and the team's supervisors. Empty: no warnings."
          suffix=" %"
          min={1}
          max={99}
          allowDecimal={false}
          allowNegative={false}
          w={320}
          {...form.getInputProps('warning_percent')}
        />
        <Switch
          label="Escalate at the first breach"
          description="Applied once per ticket, and recorded in the audit log."
          {...form.getInputProps('escalate', { type: 'checkbox' })}
        />
        {values.escalate ? (
          <Stack gap="sm" pl="md">
            <Checkbox label="Raise the priority one step" {...form.getInputProps('raise_priority', { type: 'checkbox' })} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <SelectField label="Reassign to" placeholder="Keep the assignee" data={userData} clearable {...form.getInputProps('assignee_id')} />
              <SelectField label="Move to team" placeholder="Keep the team" data={teamData} clearable {...form.getInputProps('team_id')} />
            </SimpleGrid>
            {!canReadUsers ? (
              <Text size="xs" c="dimmed">
                Picking people and teams needs access to users.
              </Text>
            ) : null}
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
