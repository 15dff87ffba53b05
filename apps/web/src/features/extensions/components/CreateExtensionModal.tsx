import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateExtensionBody } from '@switchboard/shared';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { featureOn } from '../../../lib/permissions';
import { useMe } from '../../../lib/session';
import { type ExtensionWithPasswordT, useCreateExtension } from '../api/createExtension';
import { ExtensionFields } from './ExtensionFields';
import { emptyExtension, type ExtensionValues, extensionToBody } from './extensionForm';

export function CreateExtensionModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  /** Gets the new extension with its SIP password (to show once). */
  onCreated: (e: ExtensionWithPasswordT) => void;
}) {
  const { data: me } = useMe();
  const features = { webrtc: featureOn(me, 'webrtc'), recording: featureOn(me, 'recording') };
  const mutation = useCreateExtension();
  const toBody = (v: ExtensionValues) => extensionToBody(v, features);
  const form = useForm<ExtensionValues>({ mode: 'controlled', initialValues: emptyExtension, validate: zodValidate(CreateExtensionBody, toBody) });
  const formError = useFormError(form);

  const close = () => {
    form.reset();
    formError.clear();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      const created = await mutation.mutateAsync(CreateExtensionBody.parse(toBody(values)));
      notifySuccess('Extension created', `${created.number} · ${created.display_name}`);
      form.reset();
      onCreated(created);
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Modal opened={opened} onClose={close} title="New extension" centered size="lg">
      <form onSubmit={submit} noValidate data-testid="create-extension-form">
        <Stack>
          <ExtensionFields form={form} />
          <Text size="xs" c="dimmed">
            A strong SIP password is generated and shown once after creation. Extensions count towards the plan's agent limit.
          </Text>
          <FormErrorAlert error={formError.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Create extension
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
