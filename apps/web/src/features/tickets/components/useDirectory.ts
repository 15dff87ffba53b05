import { useMe } from '../../../lib/session';
import { can } from '../../../lib/permissions';
import { useTagOptions } from '../api/getTagOptions';
import { useDirectoryQuery } from '../../../lib/directory';

export interface Option {
  value: string;
  label: string;
}

/**
 * Who and what tickets point at: agents, teams and tags as picker options and as names.
 * Names come from the tenant directory, which every user of the tenant may read.
 */
export function useDirectory() {
  const { data: me } = useMe();
  const directory = useDirectoryQuery();
  // Every user of the tenant may read the directory; pickers hide only when it failed to load.
  const canReadUsers = !directory.isError;
  const tags = useTagOptions(can(me, 'tags:read'));

  // Anyone who works tickets (viewers only read them).
  const agentOptions: Option[] = (directory.data?.users ?? []).filter((u) => u.role !== 'viewer').map((u) => ({ value: u.id, label: u.name }));
  if (me && !agentOptions.some((o) => o.value === me.user.id)) agentOptions.unshift({ value: me.user.id, label: me.user.name });
  const teamOptions: Option[] = (directory.data?.teams ?? []).map((t) => ({ value: t.id, label: t.name }));
  const tagOptions: Option[] = (tags.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));

  const agentName = (id: string | null | undefined): string | null => {
    if (!id) return null;
    if (id === me?.user.id) return me.user.name;
    return agentOptions.find((o) => o.value === id)?.label ?? (directory.data?.users.find((u) => u.id === id)?.name ?? (directory.isPending ? '…' : 'Former agent'));
  };
  const teamName = (id: string | null | undefined): string | null => {
    if (!id) return null;
    return teamOptions.find((o) => o.value === id)?.label ?? (directory.isPending ? '…' : 'Deleted team');
  };

  return { me, canReadUsers, agentOptions, teamOptions, tagOptions, tags: tags.data?.data ?? [], agentName, teamName };
}

export type Directory = ReturnType<typeof useDirectory>;
