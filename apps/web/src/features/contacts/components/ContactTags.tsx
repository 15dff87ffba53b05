import { ActionIcon, Badge, CloseButton, Group, Menu, ScrollArea, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { Contact } from '@switchboard/shared';
import { notifyError } from '../../../lib/notices';
import { useTagOptions } from '../api/getTagOptions';
import { useTagContact } from '../api/tagContact';
import { useUntagContact } from '../api/untagContact';

/** A contact's tags in a table cell; with write access each can be removed and new ones added. */
export function ContactTags({ contact, editable }: { contact: Contact; editable: boolean }) {
  const tag = useTagContact();
  const untag = useUntagContact();
  const options = useTagOptions(editable);
  const available = (options.data?.data ?? []).filter((t) => !contact.tags.some((ct) => ct.id === t.id));
  return (
    <Group gap={4} wrap="wrap">
      {contact.tags.map((t) => (
        <Badge
          key={t.id}
          color={t.color ?? 'gray'}
          variant="light"
          tt="none"
          pr={editable ? 3 : undefined}
          rightSection={
            editable ? (
              <CloseButton
                size="xs"
                aria-label={`Remove tag ${t.name}`}
                disabled={untag.isPending}
                onClick={() => untag.mutate({ contactId: contact.id, tagId: t.id }, { onError: (e) => notifyError(e, 'Could not remove the tag') })}
              />
            ) : null
          }
        >
          {t.name}
        </Badge>
      ))}
      {editable ? (
        <Menu position="bottom-start" shadow="md" width={200}>
          <Menu.Target>
            <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Add tag" loading={tag.isPending}>
              <IconPlus size={14} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {available.length === 0 ? (
              <Text size="xs" c="dimmed" p="xs">
                {options.isPending ? 'Loading…' : 'No more tags'}
              </Text>
            ) : (
              <ScrollArea.Autosize mah={240}>
                {available.map((t) => (
                  <Menu.Item
                    key={t.id}
                    onClick={() => tag.mutate({ contactId: contact.id, tagId: t.id }, { onError: (e) => notifyError(e, 'Could not add the tag') })}
                  >
                    {t.name}
                  </Menu.Item>
                ))}
              </ScrollArea.Autosize>
            )}
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </Group>
  );
}
