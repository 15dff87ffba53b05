import { Button, Divider, Group, Modal, PasswordInput, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateVoicemailBoxBody, UpdateVoicemailBoxBody, type VoicemailBox } from '@switchboard/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { GreetingAudioField } from '../../../components/greeting/GreetingAudioField';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCreateVoicemailBox } from '../api/createVoicemailBox';
import { voicemailKeys } from '../api/keys';
import { useUpdateVoicemailBox } from '../api/updateVoicemailBox';

interface Values {
  mailbox: string;
  name: string;
  pin: string;
  email: string;
  attach_audio: boolean;
  delete_after_email: boolean;
}

const empty: Values = { mailbox: '', name: '', pin: '', email: '', attach_audio: true, delete_after_email: false };

const toValues = (b: VoicemailBox): Values => ({
  mailbox: b.mailbox,
  name: b.name,
  pin: '',
  email: b.email ?? '',
  attach_audio: b.attach_audio,
  delete_after_email: b.delete_after_email,
});

/** The PIN is write-only: an empty PIN on edit keeps the stored one. */
const toBody = (v: Values) => {
  const email = blankToNull(v.email);
  return {
    mailbox: v.mailbox.trim(),
    name: v.name,
    ...(v.pin ? { pin: v.pin } : {}),
    email,
    attach_audio: v.attach_audio,
    delete_after_email: email ? v.delete_after_email : false,
  };
};

/** Create (box = null) or edit a voicemail box, and (once it exists) its greeting. */
export function VoicemailFormModal({ opened, box, onClose }: { opened: boolean; box: VoicemailBox | null; onClose: () => void }) {
  const qc = useQueryClient();
  const create = useCreateVoicemailBox();
  const update = useUpdateVoicemailBox();
  const [current, setCurrent] = useState<VoicemailBox | null>(box);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: empty,
    validate: (v) => zodValidate(box ? UpdateVoicemailBoxBody : CreateVoicemailBoxBody, toBody)(v),
  });
  const formError = useFormError(form);
  const values = form.getValues();

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened for another box
  useEffect(() => {
    if (opened) {
      setCurrent(box);
      form.setValues(box ? toValues(box) : empty);
      form.clearErrors();
      formError.clear();
    }
  }, [opened, box?.id]);

  const submit = form.onSubmit(async (v) => {
    formError.clear();
    try {
      if (box) {
        const saved = await update.mutateAsync({ id: box.id, body: UpdateVoicemailBoxBody.parse(toBody(v)) });
        notifySuccess('Voicemail box saved', `${saved.mailbox} · ${saved.name}`);
      } else {
        const saved = await create.mutateAsync(CreateVoicemailBoxBody.parse(toBody(v)));
        notifySuccess('Voicemail box created', `${saved.mailbox} · ${saved.name}`);
      }
      onClose();
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={box ? `Edit voicemail box ${box.mailbox}` : 'New voicemail box'} centered size="lg">
      <form onSubmit={submit} noValidate data-testid="voicemail-form">
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Mailbox number" required placeholder="1001" data-autofocus {...form.getInputProps('mailbox')} />
            <TextInput label="Owner name" required {...form.getInputProps('name')} />
            <PasswordInput
              label="PIN"
              required={!box}
              description={box ? 'Leave empty to keep the current PIN' : '4 to 10 digits, to listen by phone'}
              autoComplete="new-password"
              inputMode="numeric"
              {...form.getInputProps('pin')}
            />
            <TextInput label="Notification email" type="email" placeholder="Empty: no email" {...form.getInputProps('email')} />
          </SimpleGrid>
          <Group gap="xl">
            <Switch label="Attach the recording" disabled={!values.email.trim()} {...form.getInputProps('attach_audio', { type: 'checkbox' })} />
            <Switch label="Delete after emailing" disabled={!values.email.trim()} {...form.getInputProps('delete_after_email', { type: 'checkbox' })} />
          </Group>
          <FormErrorAlert error={formError.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {box ? 'Save' : 'Create voicemail box'}
            </Button>
          </Group>
        </Stack>
      </form>
      {current ? (
        <>
          <Divider my="md" />
          <Title order={5} mb={4}>
            Greeting
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            Played to callers before the beep; Asterisk's default plays without one.
          </Text>
          <GreetingAudioField<VoicemailBox>
            base={`/telephony/voicemail/${current.id}`}
            greeting={current.greeting_audio}
            onChanged={(b) => {
              setCurrent(b);
              qc.invalidateQueries({ queryKey: voicemailKeys.all });
            }}
          />
        </>
      ) : null}
    </Modal>
  );
}
