import { ActionIcon, Autocomplete, Button, ColorInput, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { DAY_LABELS, DAYS, LOCALES, type SettingsValues, timeZones } from './settingsForm';

type AnyForm = UseFormReturnType<any>;

/** Time zone, locale, branding, helpdesk/telephony details and weekly business hours of a tenant. */
export function TenantSettingsFields({ form, prefix = 'settings' }: { form: AnyForm; prefix?: string }) {
  const p = (name: string) => `${prefix}.${name}`;
  const settings = form.getValues()[prefix] as SettingsValues;
  return (
    <Stack gap="lg">
      <div>
        <Title order={5} mb="xs">
          Region
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Time zone"
            data={timeZones(settings.timezone)}
            searchable
            allowDeselect={false}
            limit={100}
            key={form.key(p('timezone'))}
            {...form.getInputProps(p('timezone'))}
          />
          <Autocomplete label="Locale" description="BCP 47, e.g. en-US" data={LOCALES} key={form.key(p('locale'))} {...form.getInputProps(p('locale'))} />
        </SimpleGrid>
      </div>
      <div>
        <Title order={5} mb="xs">
          Branding
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <ColorInput
            label="Primary color"
            placeholder="#4c6ef5"
            format="hex"
            key={form.key(p('branding.primary_color'))}
            {...form.getInputProps(p('branding.primary_color'))}
          />
          <TextInput label="Logo URL" placeholder="https://…" key={form.key(p('branding.logo_url'))} {...form.getInputProps(p('branding.logo_url'))} />
        </SimpleGrid>
      </div>
      <div>
        <Title order={5} mb="xs">
          Helpdesk and telephony
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Ticket prefix"
            description="1–10 upper-case letters or digits"
            placeholder="ACME"
            key={form.key(p('ticket_prefix'))}
            {...form.getInputProps(p('ticket_prefix'))}
          />
          <NumberInput
            label="Extension digits"
            description="Length of extension numbers (2–6)"
            min={2}
            max={6}
            allowDecimal={false}
            key={form.key(p('extension_digits'))}
            {...form.getInputProps(p('extension_digits'))}
          />
        </SimpleGrid>
      </div>
      <BusinessHoursEditor form={form} path={p('business_hours')} hours={settings.business_hours} />
    </Stack>
  );
}

function BusinessHoursEditor({ form, path, hours }: { form: AnyForm; path: string; hours: SettingsValues['business_hours'] }) {
  return (
    <div data-testid="business-hours">
      <Title order={5} mb={4}>
        Business hours
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        Open intervals per day, in the tenant's time zone. A day without intervals is closed.
      </Text>
      <Stack gap="xs">
        {DAYS.map((day) => {
          const list = hours?.[day] ?? [];
          return (
            <Group key={day} align="flex-start" wrap="nowrap" gap="sm">
              <Text size="sm" w={100} pt={6} fw={500}>
                {DAY_LABELS[day]}
              </Text>
              <Stack gap={6} style={{ flex: 1 }}>
                {list.length === 0 ? (
                  <Text size="sm" c="dimmed" pt={6}>
                    Closed
                  </Text>
                ) : null}
                {list.map((_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: intervals are positional
                  <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                    <TextInput
                      type="time"
                      aria-label={`${DAY_LABELS[day]} interval ${i + 1} opens`}
                      w={130}
                      key={form.key(`${path}.${day}.${i}.start`)}
                      {...form.getInputProps(`${path}.${day}.${i}.start`)}
                    />
                    <Text pt={6}>–</Text>
                    <TextInput
                      type="time"
                      aria-label={`${DAY_LABELS[day]} interval ${i + 1} closes`}
                      w={130}
                      key={form.key(`${path}.${day}.${i}.end`)}
                      {...form.getInputProps(`${path}.${day}.${i}.end`)}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mt={4}
                      aria-label={`Remove ${DAY_LABELS[day]} interval ${i + 1}`}
                      onClick={() => form.removeListItem(`${path}.${day}`, i)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                ))}
              </Stack>
              <Button
                size="compact-sm"
                variant="subtle"
                leftSection={<IconPlus size={14} />}
                aria-label={`Add hours on ${DAY_LABELS[day]}`}
                onClick={() => {
                  const last = list.at(-1);
                  form.insertListItem(
                    `${path}.${day}`,
                    last ? { start: last.end, end: last.end < '18:00' ? '18:00' : '23:59' } : { start: '09:00', end: '17:00' },
                  );
                }}
              >
                Add
              </Button>
            </Group>
          );
        })}
      </Stack>
    </div>
  );
}
