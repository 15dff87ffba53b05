import { useMe } from '../../../lib/session';
import { can } from '../../../lib/permissions';
import { useTagOptions } from '../api/getTagOptions';
import { useTeamOptions } from '../api/getTeamOptions';
import { useUserOptions } from '../api/getUserOptions';

export interface Option {
  value: string;
  label: string;
}

/**
 * Who and what tickets point at: agents, teams and tags as picker options and as names.
 * Users and teams need users:read; without it (an agent) the only agent known is oneself.
 */
export function useDirectory() {
  const { data: me } = useMe();
  const canReadUsers = can(me, 'users:read');
  const users = useUserOptions(canReadUsers);
  const teams = useTeamOptions(canReadUsers);
  const tags = useTagOptions(can(me, 'tags:read'));

  const agentOptions: Option[] = (users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  if (me && !agentOptions.some((o) => o.value === me.user.id)) agentOptions.unshift({ value: me.user.id, label: me.user.name });
  const teamOptions: Option[] = (teams.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  const tagOptions: Option[] = (tags.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));

  const agentName = (id: string | null | undefined): string | null => {
    if (!id) return null;
    if (id === me?.user.id) return me.user.name;
    return agentOptions.find((o) => o.value === id)?.label ?? (canReadUsers && users.isPending ? '…' : 'Another agent');
  };
  const teamName = (id: string | null | undefined): string | null => {
    if (!id) return null;
    return teamOptions.find((o) => o.value === id)?.label ?? (canReadUsers && teams.isPending ? '…' : 'A team');
  };

  return { me, canReadUsers, agentOptions, teamOptions, tagOptions, tags: tags.data?.data ?? [], agentName, teamName };
}

export type Directory = ReturnType<typeof useDirectory>;
