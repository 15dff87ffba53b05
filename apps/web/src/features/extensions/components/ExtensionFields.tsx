import { NumberInput, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTargetOptions } from '../../../components/destination/destinationTargets';
import { SelectField } from '../../../components/ui/SelectField';
import { featureOn } from '../../../lib/permissions';
import { useCan, useMe } from '../../../lib/session';
import { useUserOptions } from '../api/getUserOptions';
import { type ExtensionValues, OUTBOUND_OPTIONS } from './extensionForm';

/** The inputs of an extension, shared by the create modal and the extension page. */
export function ExtensionFields({
  form,
  linkedUser,
}: {
  form: UseFormReturnType<ExtensionValues, ExtensionValues, any>;
  /** The member linked now: named even when the user list is not readable (or not loaded yet). */
  linkedUser?: { id: string; name: string; email: string } | null;
}) {
  const { data: me } = useMe();
  const canSeeUsers = useCan('users:read');
  const users = useUserOptions(canSeeUsers);
  const boxes = useTargetOptions('voicemail');
  const userData = [{ value: '', label: 'Nobody' }, ...(users.data?.data ?? []).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))];
  if (linkedUser && !userData.some((u) => u.value === linkedUser.id))
    userData.push({ value: linkedUser.id, label: `${linkedUser.name} <${linkedUser.email}>` });
  const boxData = [{ value: '', label: 'No voicemail' }, ...(boxes.data ?? [])];
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Extension number" description="Empty: the next free number" placeholder="1001" {...form.getInputProps('number')} />
        <TextInput label="Display name" required data-autofocus {...form.getInputProps('display_name')} />
        <SelectField
          label="Linked user"
          description="The agent who uses this phone"
          data={userData}
          disabled={!canSeeUsers}
          {...form.getInputProps('user_id')}
          onChange={(v) => form.setFieldValue('user_id', v ?? '')}
        />
        <SelectField
          label="Voicemail box"
          description="For unanswered calls and the message light"
          data={boxData}
          {...form.getInputProps('voicemail_box_id')}
          onChange={(v) => form.setFieldValue('voicemail_box_id', v ?? '')}
        />
        <SelectField label="Outbound calls" description="Where it may call out to" data={OUTBOUND_OPTIONS} {...form.getInputProps('outbound_permission')} />
        <TextInput
          label="Caller ID number"
          description="Shown on calls out through a trunk"
          placeholder="+14155550100"
          {...form.getInputProps('caller_id_number')}
        />
        <NumberInput
          label="Max devices"
          description="Phones registered at once"
          min={1}
          max={20}
          allowDecimal={false}
          {...form.getInputProps('max_contacts')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {featureOn(me, 'webrtc') ? (
          <Switch
            label="WebRTC softphone"
            description="Browser phone: WSS, DTLS-SRTP, ICE, Opus first"
            {...form.getInputProps('webrtc', { type: 'checkbox' })}
          />
        ) : null}
        {featureOn(me, 'recording') ? <Switch label="Record calls" {...form.getInputProps('recording', { type: 'checkbox' })} /> : null}
      </SimpleGrid>
    </Stack>
  );
}
