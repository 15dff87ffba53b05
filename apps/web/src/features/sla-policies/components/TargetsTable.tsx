import { Table, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { SLA_PRIORITIES } from '@switchboard/shared';
import { formatMinutes } from '../../../lib/format';
import { DurationField } from './DurationField';

type Priority = (typeof SLA_PRIORITIES)[number];
export type TargetValues = Record<Priority, { first_response_minutes: number; resolution_minutes: number }>;

const LABELS: Record<Priority, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** First response and resolution targets for each priority. */
export function TargetsTable({ form, disabled, businessHours }: { form: UseFormReturnType<any>; disabled: boolean; businessHours: boolean }) {
  const field = (p: Priority, k: 'first_response_minutes' | 'resolution_minutes') => {
    const path = `targets.${p}.${k}`;
    const props = form.getInputProps(path);
    return (
      <DurationField
        label={`${LABELS[p]} ${k === 'first_response_minutes' ? 'first response' : 'resolution'}`}
        value={props.value}
        error={props.error}
        disabled={disabled}
        onChange={(m) => form.setFieldValue(path, m === '' ? 0 : m)}
      />
    );
  };
  return (
    <>
      <Text size="xs" c="dimmed" mb="sm">
        {businessHours ? 'Counted in open hours of the calendar (8 h on a 9–17 day).' : 'Counted in clock time, nights and weekends included.'} Resolution
        cannot be due before the first response.
      </Text>
      <Table aria-label="Targets per priority" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Priority</Table.Th>
            <Table.Th>First response within</Table.Th>
            <Table.Th>Resolved within</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SLA_PRIORITIES.map((p) => {
            const t = (form.getValues().targets as TargetValues)[p];
            return (
              <Table.Tr key={p} data-testid={`targets-${p}`}>
                <Table.Td>
                  <Text fw={500}>{LABELS[p]}</Text>
                  <Text size="xs" c="dimmed">
                    {formatMinutes(t.first_response_minutes)} / {formatMinutes(t.resolution_minutes)}
                  </Text>
                </Table.Td>
                <Table.Td>{field(p, 'first_response_minutes')}</Table.Td>
                <Table.Td>{field(p, 'resolution_minutes')}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </>
  );
}
