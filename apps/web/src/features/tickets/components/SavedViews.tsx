import { ActionIcon, Badge, Button, Group, Modal, Stack, TextInput, Tooltip } from '@mantine/core';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { type TicketSort, TicketViewFilters } from '@switchboard/shared';
import { useState } from 'react';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { SelectField } from '../../../components/ui/SelectField';
import { errorMessage } from '../../../lib/errors';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useCreateTicketView } from '../api/createTicketView';
import { useDeleteTicketView } from '../api/deleteTicketView';
import { useTicketViews } from '../api/getTicketViews';
import { useUpdateTicketView } from '../api/updateTicketView';
import type { TicketFilterState } from './useTicketFilters';

/** Pick one of your saved views, save the current filters as a new one, update or delete the chosen one. */
export function SavedViews({ state }: { state: TicketFilterState }) {
  const views = useTicketViews();
  const create = useCreateTicketView();
  const update = useUpdateTicketView();
  const del = useDeleteTicketView();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const list = views.data ?? [];
  const current = list.find((v) => v.id === state.viewId) ?? null;
  const changed = current ? !state.matchesView(current) : false;
  // The saved shape is checked here too, so a filter the server does not know is caught before sending.
  const filters = () => TicketViewFilters.parse(state.viewFilters());

  const save = () => {
    setNameError(null);
    create.mutate(
      { name, filters: filters(), sort: state.sort as TicketSort },
      {
        onSuccess: (v) => {
          setNaming(false);
          notifySuccess('View saved', v.name);
          state.applyView(v);
        },
        onError: (e) => setNameError(errorMessage(e)),
      },
    );
  };

  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <SelectField
        label="Saved view"
        placeholder={list.length ? 'None' : 'No saved views'}
        data={list.map((v) => ({ value: v.id, label: v.name }))}
        value={current?.id ?? null}
        clearable
        w={220}
        onChange={(id) => state.applyView(list.find((v) => v.id === id) ?? null)}
      />
      {current && changed ? (
        <Badge variant="light" color="yellow" tt="none" mb={8}>
          Changed
        </Badge>
      ) : null}
      {current && changed ? (
        <Button
          variant="default"
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              { id: current.id, body: { filters: filters(), sort: state.sort as TicketSort } },
              { onSuccess: () => notifySuccess('View updated', current.name), onError: (e) => notifyError(e, 'Could not update the view') },
            )
          }
        >
          Update view
        </Button>
      ) : null}
      <Button
        variant="default"
        leftSection={<IconDeviceFloppy size={16} />}
        onClick={() => {
          setName('');
          setNameError(null);
          setNaming(true);
        }}
      >
        Save as view
      </Button>
      {current ? (
        <Tooltip label="Delete this view">
          <ActionIcon variant="subtle" color="red" size="lg" mb={2} aria-label={`Delete view ${current.name}`} onClick={() => setDeleting(true)}>
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      ) : null}
      <Modal opened={naming} onClose={() => setNaming(false)} title="Save the current filters as a view" centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save();
          }}
        >
          <Stack>
            <TextInput label="View name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <FormErrorAlert error={nameError} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                Save view
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmDelete
        opened={deleting}
        what={`the view "${current?.name ?? ''}"`}
        loading={del.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          current &&
          del.mutate(current.id, {
            onSuccess: () => {
              setDeleting(false);
              notifySuccess('View deleted', current.name);
              state.applyView(null);
            },
            onError: (e) => notifyError(e, 'Could not delete the view'),
          })
        }
      />
    </Group>
  );
}
