import { Button, Group, Modal, SegmentedControl, Stack, Textarea } from '@mantine/core';
import type { ChatAgent } from '@switchboard/shared';
import { useState } from 'react';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { SelectField } from '../../../components/ui/SelectField';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notices';
import { useDirectoryQuery } from '../../../lib/directory';
import { useCreateChatTransfer } from '../api/createChatTransfer';
import { useChatAgents } from '../api/getChatAgents';

const AVAILABILITY_LABEL = { online: 'online', away: 'away', offline: 'offline' } as const;

const agentLabel = (a: ChatAgent) =>
  `${a.name} (${a.accepting ? 'taking chats' : !a.present ? 'not connected' : a.availability !== 'online' ? AVAILABILITY_LABEL[a.availability] : 'full'}, ${a.active_chats}/${a.max_chats})`;

/** Hand a chat to another agent or to a team, with a reason the receiver sees. */
export function TransferDialog({ sessionId, myId, opened, onClose }: { sessionId: string; myId: string; opened: boolean; onClose: () => void }) {
  const agents = useChatAgents({}, opened);
  // The directory is readable by every agent, so anyone may transfer to a team.
  const directory = useDirectoryQuery(opened);
  const canListTeams = !directory.isError;
  const create = useCreateChatTransfer();
  const [target, setTarget] = useState<'agent' | 'team'>('agent');
  const [agentId, setAgentId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setAgentId(null);
    setTeamId(null);
    setReason('');
    setError(null);
    onClose();
  };
  const agentOptions = (agents.data ?? []).filter((a) => a.user_id !== myId).map((a) => ({ value: a.user_id, label: agentLabel(a) }));
  const teamOptions = (directory.data?.teams ?? []).map((t) => ({ value: t.id, label: t.name }));
  const chosen = target === 'agent' ? agentId : teamId;

  const submit = () => {
    if (!chosen) {
      setError(target === 'agent' ? 'Choose an agent.' : 'Choose a team.');
      return;
    }
    setError(null);
    create.mutate(
      { sessionId, body: { ...(target === 'agent' ? { to_user_id: chosen } : { to_team_id: chosen }), reason: reason.trim() || undefined } },
      {
        onSuccess: () => {
          notifySuccess('Transfer requested', 'The chat moves when it is accepted.');
          close();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Transfer chat" centered>
      <Stack>
        {canListTeams ? (
          <SegmentedControl
            aria-label="Transfer to"
            value={target}
            onChange={(v) => setTarget(v as 'agent' | 'team')}
            data={[
              { value: 'agent', label: 'Agent' },
              { value: 'team', label: 'Team' },
            ]}
          />
        ) : null}
        {target === 'agent' ? (
          <SelectField label="Agent" placeholder="Choose an agent" data={agentOptions} value={agentId} onChange={setAgentId} data-autofocus />
        ) : (
          <SelectField label="Team" placeholder="Choose a team" data={teamOptions} value={teamId} onChange={setTeamId} />
        )}
        <Textarea label="Reason" description="Shown to the receiving agent" maxLength={500} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <FormErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button onClick={submit} loading={create.isPending}>
            Request transfer
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
