import { ActionIcon, Button, Card, Checkbox, Group, Stack, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { PRECHAT_FIELD_TYPES, type PrechatField } from '@switchboard/shared';
import { SelectField } from '../../../components/ui/SelectField';
import type { WidgetFormValues } from './widgetForm';

const TYPE_LABELS: Record<PrechatField['type'], string> = {
  text: 'Text',
  email: 'Email',
  phone: 'Phone',
  textarea: 'Long text',
  select: 'Choice',
  checkbox: 'Checkbox',
};
const TYPE_OPTIONS = PRECHAT_FIELD_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }));

/** The extra questions of the pre-chat form, in order. */
export function PrechatFieldsEditor({ form }: { form: UseFormReturnType<WidgetFormValues> }) {
  const fields = form.getValues().behaviour.prechat_fields;
  const path = 'behaviour.prechat_fields';
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Pre-chat questions
      </Text>
      {fields.length === 0 ? (
        <Text size="xs" c="dimmed">
          None: visitors start chatting at once (unless name or email is required).
        </Text>
      ) : null}
      {fields.map((f, i) => (
        <Card key={form.key(`${path}.${i}`)} withBorder padding="xs" radius="sm" data-testid={`prechat-field-${i}`}>
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput label="Question" w={180} {...form.getInputProps(`${path}.${i}.label`)} />
            <TextInput label="Key" description="Stored under" w={140} {...form.getInputProps(`${path}.${i}.key`)} />
            <SelectField label="Type" w={130} data={TYPE_OPTIONS} {...form.getInputProps(`${path}.${i}.type`)} />
            <Checkbox label="Required" mb={8} {...form.getInputProps(`${path}.${i}.required`, { type: 'checkbox' })} />
            <Group gap={2} mb={4}>
              <Tooltip label="Move up">
                <ActionIcon variant="subtle" aria-label={`Move question ${i + 1} up`} disabled={i === 0} onClick={() => form.reorderListItem(path, { from: i, to: i - 1 })}>
                  <IconArrowUp size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Move down">
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move question ${i + 1} down`}
                  disabled={i === fields.length - 1}
                  onClick={() => form.reorderListItem(path, { from: i, to: i + 1 })}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Remove">
                <ActionIcon variant="subtle" color="red" aria-label={`Remove question ${i + 1}`} onClick={() => form.removeListItem(path, i)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </Group>
          {f.type === 'select' ? (
            <TagsInput mt="xs" label="Choices" placeholder="Type a choice and press Enter" {...form.getInputProps(`${path}.${i}.options`)} />
          ) : null}
        </Card>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          disabled={fields.length >= 10}
          onClick={() => form.insertListItem(path, { key: `field_${fields.length + 1}`, label: '', type: 'text', required: false, options: [] })}
        >
          Add question
        </Button>
      </Group>
    </Stack>
  );
}
