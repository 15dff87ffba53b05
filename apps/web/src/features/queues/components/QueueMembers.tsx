import { closestCenter, DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, useSensor, useSensors } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Badge, Button, Card, Code, Group, Loader, Modal, Paper, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconGripVertical, IconPlayerPause, IconPlayerPlay, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Queue, QueueMember } from '@switchboard/shared';
import { useState } from 'react';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { QueryError } from '../../../components/ui/QueryError';
import { SelectField } from '../../../components/ui/SelectField';
import { errorMessage } from '../../../lib/errors';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useAddQueueMember } from '../api/addQueueMember';
import { useExtensionOptions } from '../api/getExtensionOptions';
import { useQueueMembers } from '../api/getQueueMembers';
import { useRemoveQueueMember } from '../api/removeQueueMember';
import { useReorderQueueMembers } from '../api/reorderQueueMembers';
import { useUpdateQueueMember } from '../api/updateQueueMember';

/**
 * A queue's members in ring order (lowest penalty first). Dragging a row (mouse, touch, or the
 * keyboard: Space on the handle, arrows, Space) or its up/down buttons rewrites the penalties 0, 1, 2, …
 */
export function QueueMembers({ queue, canManage }: { queue: Queue; canManage: boolean }) {
  const members = useQueueMembers(queue.id);
  const extensions = useExtensionOptions(canManage);
  const add = useAddQueueMember();
  const update = useUpdateQueueMember();
  const remove = useRemoveQueueMember();
  const reorder = useReorderQueueMembers();
  const [toAdd, setToAdd] = useState<string | null>(null);
  const [addError, setAddError] = useState<string | null>(null);
  const [pausing, setPausing] = useState<QueueMember | null>(null);
  const [removing, setRemoving] = useState<QueueMember | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const list = members.data ?? [];
  const memberIds = new Set(list.map((m) => m.extension_id));
  const addable = (extensions.data?.data ?? []).filter((e) => !memberIds.has(e.id)).map((e) => ({ value: e.id, label: `${e.number} · ${e.display_name}` }));

  const labelOf = (id: string | number) => {
    const m = list.find((x) => x.extension_id === id);
    return m ? `${m.number} ${m.name}` : 'the member';
  };
  const positionOf = (id: string | number) => list.findIndex((x) => x.extension_id === id) + 1;

  const move = (from: number, to: number) => {
    if (to < 0 || to >= list.length || from === to) return;
    reorder.mutate(
      { queueId: queue.id, extensionIds: arrayMove(list, from, to).map((m) => m.extension_id) },
      { onError: (e) => notifyError(e, 'Could not reorder the members') },
    );
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    move(
      list.findIndex((m) => m.extension_id === active.id),
      list.findIndex((m) => m.extension_id === over.id),
    );
  };

  const addMember = () => {
    if (!toAdd) return;
    setAddError(null);
    // New members go last in the ring order.
    const penalty = list.length ? Math.max(...list.map((m) => m.penalty)) + 1 : 0;
    add.mutate(
      { queueId: queue.id, body: { extension_id: toAdd, penalty: Math.min(penalty, 1000) } },
      {
        onSuccess: (m) => {
          notifySuccess('Member added', `${m.number} · ${m.name}`);
          setToAdd(null);
        },
        onError: (e) => setAddError(errorMessage(e)),
      },
    );
  };

  const setPaused = (m: QueueMember, paused: boolean, reason: string | null) =>
    update.mutate(
      { queueId: queue.id, extensionId: m.extension_id, body: paused ? { paused, pause_reason: reason } : { paused } },
      {
        onSuccess: () => {
          notifySuccess(paused ? 'Member paused' : 'Member unpaused', `${m.number} · ${m.name}`);
          setPausing(null);
        },
        onError: (e) => notifyError(e, paused ? 'Could not pause the member' : 'Could not unpause the member'),
      },
    );

  return (
    <Card withBorder radius="md" padding="lg" data-testid="queue-members">
      <Group justify="space-between" mb={4}>
        <Title order={4}>Members</Title>
        {reorder.isPending ? <Loader size="xs" aria-label="Saving the order" /> : null}
      </Group>
      <Text size="xs" c="dimmed" mb="md">
        Rung in this order (lowest penalty first). {canManage ? 'Drag a row by its handle, or use the arrows, to change it.' : ''}
      </Text>
      {members.isError ? <QueryError error={members.error} onRetry={() => members.refetch()} /> : null}
      {members.isPending ? (
        <Loader size="sm" aria-label="Loading members" />
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed" py="sm">
          No members yet: nobody answers this queue.
        </Text>
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragEnd={onDragEnd}
          accessibility={{
            screenReaderInstructions: {
              draggable: 'To reorder, press Space on the handle, move with the arrow keys, and press Space again to drop (Escape cancels).',
            },
            announcements: {
              onDragStart: ({ active }) => `Picked up ${labelOf(active.id)}.`,
              onDragOver: ({ active, over }) => (over ? `${labelOf(active.id)} is over position ${positionOf(over.id)}.` : undefined),
              onDragEnd: ({ active, over }) => (over ? `${labelOf(active.id)} dropped at position ${positionOf(over.id)}.` : `${labelOf(active.id)} dropped.`),
              onDragCancel: ({ active }) => `Moving ${labelOf(active.id)} was cancelled.`,
            },
          }}
        >
          <SortableContext items={list.map((m) => m.extension_id)} strategy={verticalListSortingStrategy}>
            <Stack gap={6} role="list" aria-label="Queue members">
              {list.map((m, i) => (
                <MemberRow
                  key={m.extension_id}
                  member={m}
                  index={i}
                  count={list.length}
                  canManage={canManage}
                  busy={update.isPending && update.variables?.extensionId === m.extension_id}
                  onMove={move}
                  onPause={() => setPausing(m)}
                  onUnpause={() => setPaused(m, false, null)}
                  onRemove={() => {
                    setRemoveError(null);
                    setRemoving(m);
                  }}
                />
              ))}
            </Stack>
          </SortableContext>
        </DndContext>
      )}
      {canManage ? (
        <Stack gap="xs" mt="md">
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <SelectField
              label="Extension to add"
              placeholder={extensions.isPending ? 'Loading…' : addable.length ? 'Pick an extension' : 'Every extension is a member'}
              data={addable}
              value={toAdd}
              onChange={setToAdd}
              nothingFound="No extension left"
              style={{ flex: 1 }}
            />
            <Button leftSection={<IconPlus size={16} />} onClick={addMember} disabled={!toAdd} loading={add.isPending}>
              Add member
            </Button>
          </Group>
          <FormErrorAlert error={addError} onClose={() => setAddError(null)} />
        </Stack>
      ) : null}
      <PauseModal
        key={pausing?.extension_id ?? 'none'}
        member={pausing}
        loading={update.isPending}
        onClose={() => setPausing(null)}
        onPause={(m, reason) => setPaused(m, true, reason)}
      />
      <ConfirmDelete
        opened={Boolean(removing)}
        what={`${removing?.number ?? ''} · ${removing?.name ?? ''} from this queue`}
        loading={remove.isPending}
        error={removeError}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(
            { queueId: queue.id, extensionId: removing.extension_id },
            {
              onSuccess: () => {
                notifySuccess('Member removed', `${removing.number} · ${removing.name}`);
                setRemoving(null);
              },
              onError: (e) => setRemoveError(errorMessage(e)),
            },
          )
        }
      />
    </Card>
  );
}

function MemberRow({
  member: m,
  index,
  count,
  canManage,
  busy,
  onMove,
  onPause,
  onUnpause,
  onRemove,
}: {
  member: QueueMember;
  index: number;
  count: number;
  canManage: boolean;
  busy: boolean;
  onMove: (from: number, to: number) => void;
  onPause: () => void;
  onUnpause: () => void;
  onRemove: () => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: m.extension_id,
    disabled: !canManage,
  });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      radius="md"
      p="xs"
      role="listitem"
      data-testid={`member-${m.number}`}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        opacity: isDragging ? 0.6 : 1,
        position: 'relative',
        zIndex: isDragging ? 2 : undefined,
        background: m.paused ? 'var(--mantine-color-yellow-light)' : undefined,
      }}
    >
      <Group gap="xs" wrap="nowrap">
        {canManage ? (
          <ActionIcon
            ref={setActivatorNodeRef}
            variant="subtle"
            color="gray"
            aria-label={`Drag to reorder ${m.number}`}
            style={{ cursor: 'grab', touchAction: 'none' }}
            {...attributes}
            {...listeners}
          >
            <IconGripVertical size={18} />
          </ActionIcon>
        ) : null}
        <Badge variant="light" color="gray" tt="none" title="Penalty: lower rings first" style={{ flexShrink: 0 }}>
          Penalty {m.penalty}
        </Badge>
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={500} truncate>
            {m.number} · {m.name}
          </Text>
          <Group gap={6} wrap="wrap">
            <Code fz="xs" style={{ whiteSpace: 'nowrap' }}>
              {m.interface}
            </Code>
            {m.paused ? (
              <Badge size="xs" color="yellow" variant="filled" tt="none" maw="100%" style={{ overflow: 'visible' }}>
                Paused{m.pause_reason ? `: ${m.pause_reason}` : ''}
              </Badge>
            ) : null}
          </Group>
        </Stack>
        {canManage ? (
          <Group gap={2} wrap="nowrap">
            <Tooltip label="Move up">
              <ActionIcon
                variant="subtle"
                aria-label="Move up"
                data-testid={`move-up-${m.number}`}
                disabled={index === 0}
                onClick={() => onMove(index, index - 1)}
              >
                <IconArrowUp size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Move down">
              <ActionIcon
                variant="subtle"
                aria-label="Move down"
                data-testid={`move-down-${m.number}`}
                disabled={index === count - 1}
                onClick={() => onMove(index, index + 1)}
              >
                <IconArrowDown size={16} />
              </ActionIcon>
            </Tooltip>
            {m.paused ? (
              <Tooltip label="Unpause">
                <ActionIcon variant="subtle" color="teal" aria-label="Unpause" data-testid={`unpause-${m.number}`} loading={busy} onClick={onUnpause}>
                  <IconPlayerPlay size={16} />
                </ActionIcon>
              </Tooltip>
            ) : (
              <Tooltip label="Pause">
                <ActionIcon variant="subtle" color="yellow" aria-label="Pause" data-testid={`pause-${m.number}`} loading={busy} onClick={onPause}>
                  <IconPlayerPause size={16} />
                </ActionIcon>
              </Tooltip>
            )}
            <Tooltip label="Remove">
              <ActionIcon variant="subtle" color="red" aria-label="Remove member" data-testid={`remove-member-${m.number}`} onClick={onRemove}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        ) : null}
      </Group>
    </Paper>
  );
}

function PauseModal({
  member,
  loading,
  onClose,
  onPause,
}: {
  member: QueueMember | null;
  loading: boolean;
  onClose: () => void;
  onPause: (m: QueueMember, reason: string | null) => void;
}) {
  const [reason, setReason] = useState('');
  return (
    <Modal opened={Boolean(member)} onClose={onClose} title={`Pause ${member?.number ?? ''} · ${member?.name ?? ''}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (member) onPause(member, reason.trim() || null);
        }}
      >
        <Stack>
          <Text size="sm">A paused member is not rung by this queue until unpaused.</Text>
          <TextInput
            label="Pause reason"
            placeholder="Lunch, training, …"
            maxLength={80}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="yellow" loading={loading}>
              Pause member
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
