import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateTeamBody, type Team } from '@switchboard/shared';
import { useEffect } from 'react';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCreateTeam } from '../api/createTeam';
import { useUpdateTeam } from '../api/updateTeam';

interface Values {
  name: string;
  description: string;
}

const toBody = (v: Values) => ({ name: v.name, description: blankToNull(v.description) });

/** Create (team = null) or rename/describe a team. */
export function TeamFormModal({ opened, team, onClose }: { opened: boolean; team: Team | null; onClose: () => void }) {
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const form = useForm<Values>({ mode: 'controlled', initialValues: { name: '', description: '' }, validate: zodValidate(CreateTeamBody, toBody) });
  const formError = useFormError(form);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened for another team
  useEffect(() => {
    if (opened) {
      form.setValues({ name: team?.name ?? '', description: team?.description ?? '' });
      form.clearErrors();
      formError.clear();
    }
  }, [opened, team?.id]);

  const submit = form.onSubmit(async (v) => {
    formError.clear();
    const body = CreateTeamBody.parse(toBody(v));
    try {
      if (team) await update.mutateAsync({ id: team.id, body });
      else await create.mutateAsync(body);
      notifySuccess(team ? 'Team saved' : 'Team created', body.name);
      onClose();
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={team ? 'Edit team' : 'New team'} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Team name" required data-autofocus {...form.getInputProps('name')} />
          <Textarea label="Description" autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
          <FormErrorAlert error={formError.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {team ? 'Save' : 'Create team'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
