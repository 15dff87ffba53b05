import { Button, Card, Code, Grid, Group, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconKey, IconTrash } from '@tabler/icons-react';
import { type Extension, UpdateExtensionBody } from '@switchboard/shared';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ConfirmDelete, ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { useFormError, zodValidate } from '../../../lib/forms';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { featureOn } from '../../../lib/permissions';
import { useCan, useMe } from '../../../lib/session';
import type { ExtensionWithPasswordT } from '../api/createExtension';
import { useDeleteExtension } from '../api/deleteExtension';
import { useExtension } from '../api/getExtension';
import { useResetExtensionPassword } from '../api/resetExtensionPassword';
import { useUpdateExtension } from '../api/updateExtension';
import { ExtensionFields } from './ExtensionFields';
import { type ExtensionValues, extensionToBody, extensionToValues } from './extensionForm';
import { RegistrationsCard } from './RegistrationsCard';
import { SipPasswordModal } from './SipPasswordModal';
import { SoftphonePanel } from './SoftphonePanel';

export function ExtensionPage() {
  const { id = '' } = useParams();
  const extension = useExtension(id);
  if (extension.isPending) return <PageLoader />;
  if (extension.isError) return <QueryError error={extension.error} onRetry={() => extension.refetch()} />;
  return <ExtensionEditor key={extension.data.id} extension={extension.data} />;
}

function ExtensionEditor({ extension }: { extension: Extension }) {
  const navigate = useNavigate();
  const canManage = useCan('telephony:manage');
  const { data: me } = useMe();
  const features = { webrtc: featureOn(me, 'webrtc'), recording: featureOn(me, 'recording') };
  const update = useUpdateExtension();
  const deletion = useDeleteConfirm({
    mutation: useDeleteExtension(),
    onDeleted: () => {
      notifySuccess('Extension deleted', `${extension.number} · ${extension.display_name}`);
      navigate('/telephony/extensions', { replace: true });
    },
  });
  const reset = useResetExtensionPassword();
  const [confirmReset, setConfirmReset] = useState(false);
  const [password, setPassword] = useState<ExtensionWithPasswordT | null>(null);
  const toBody = (v: ExtensionValues) => extensionToBody(v, features);
  const form = useForm<ExtensionValues>({
    mode: 'controlled',
    initialValues: extensionToValues(extension),
    validate: zodValidate(UpdateExtensionBody, toBody),
  });
  const formError = useFormError(form);

  const submit = form.onSubmit(async (v) => {
    formError.clear();
    try {
      const saved = await update.mutateAsync({ id: extension.id, body: UpdateExtensionBody.parse(toBody(v)) });
      form.setValues(extensionToValues(saved));
      form.resetDirty(extensionToValues(saved));
      notifySuccess('Extension saved', `${saved.number} · ${saved.display_name}`);
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Stack gap={0}>
      <PageHeader
        title={`${extension.number} · ${extension.display_name}`}
        description={
          <>
            SIP user <Code>{extension.endpoint}</Code>
            {extension.user ? ` · used by ${extension.user.name}` : ''}
          </>
        }
        actions={
          canManage ? (
            <>
              <Button variant="default" leftSection={<IconKey size={16} />} onClick={() => setConfirmReset(true)}>
                Reset SIP password
              </Button>
              <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => deletion.ask(extension)}>
                Delete extension
              </Button>
            </>
          ) : null
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder radius="md" padding="lg">
            <Title order={4} mb="md">
              Settings
            </Title>
            <form onSubmit={submit} noValidate data-testid="extension-form">
              <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
                <Stack>
                  <ExtensionFields form={form} linkedUser={extension.user} />
                  <FormErrorAlert error={formError.error} />
                  {canManage ? (
                    <Group justify="flex-end">
                      <Button variant="default" onClick={() => navigate('/telephony/extensions')}>
                        Back to extensions
                      </Button>
                      <Button type="submit" loading={update.isPending}>
                        Save extension
                      </Button>
                    </Group>
                  ) : null}
                </Stack>
              </fieldset>
            </form>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <RegistrationsCard extension={extension} />
            <SoftphonePanel extensionId={extension.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmDialog
        opened={confirmReset}
        title="Reset the SIP password?"
        confirmLabel="Reset password"
        color="orange"
        loading={reset.isPending}
        onClose={() => setConfirmReset(false)}
        onConfirm={() =>
          reset.mutate(extension.id, {
            onSuccess: (e) => {
              setConfirmReset(false);
              setPassword(e);
            },
            onError: (e) => notifyError(e, 'Could not reset the password'),
          })
        }
      >
        A new password is generated and shown once. Phones registered with the old one stop working until they get the new one.
      </ConfirmDialog>
      <SipPasswordModal extension={password} onClose={() => setPassword(null)} />
      <ConfirmDelete {...deletion.dialog} what={`the extension ${extension.number} (${extension.display_name})`} />
    </Stack>
  );
}
