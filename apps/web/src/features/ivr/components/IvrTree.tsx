import { Badge, Box, Group, Text } from '@mantine/core';
import { IconArrowBackUp, IconCornerDownRight } from '@tabler/icons-react';
import type { Destination, IvrMenu } from '@switchboard/shared';
import type { ReactNode } from 'react';
import { DestinationText } from '../../../components/destination/DestinationText';

/** What the tree needs of a menu (the one being edited comes from the form, unsaved). */
export interface TreeMenu {
  id: string;
  name: string;
  options: { digit: string; destination: Destination | null }[];
  timeout: Destination | null;
  invalid: Destination | null;
}

export const menuToTree = (m: IvrMenu): TreeMenu => ({ id: m.id, name: m.name, options: m.options, timeout: m.timeout, invalid: m.invalid });

/** Deeper menus are summarised rather than drawn (a tree of menus can grow wide quickly). */
const MAX_DEPTH = 4;

/**
 * A menu's keys as a tree: each key → its destination, and a destination that is another menu
 * expands into that menu's keys. A menu already on the path is shown as a loop back to it instead
 * of being expanded again.
 */
export function IvrTree({ root, menus }: { root: TreeMenu; menus: Map<string, TreeMenu> }) {
  return (
    <Box
      component="ul"
      role="tree"
      aria-label={`Where the keys of ${root.name || 'this menu'} lead`}
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      data-testid="ivr-tree"
    >
      <Branches menu={root} menus={menus} path={[root.id]} depth={0} />
    </Box>
  );
}

function Branches({ menu, menus, path, depth }: { menu: TreeMenu; menus: Map<string, TreeMenu>; path: string[]; depth: number }) {
  const rows: { key: string; label: ReactNode; destination: Destination | null; empty?: string }[] = [
    ...[...menu.options]
      .sort((a, b) => digitOrder(a.digit) - digitOrder(b.digit))
      .map((o) => ({
        key: `digit-${o.digit}`,
        label: (
          <Badge variant="filled" color="dark" radius="sm" w={28} px={0}>
            {o.digit || '?'}
          </Badge>
        ),
        destination: o.destination,
        empty: 'Not set',
      })),
    {
      key: 'timeout',
      label: (
        <Badge variant="outline" color="gray" tt="none">
          No key
        </Badge>
      ),
      destination: menu.timeout,
      empty: 'Hang up',
    },
    {
      key: 'invalid',
      label: (
        <Badge variant="outline" color="gray" tt="none">
          Wrong key
        </Badge>
      ),
      destination: menu.invalid,
      empty: 'Play the menu again',
    },
  ];
  return (
    <>
      {rows.map((r) => {
        const target = r.destination?.type === 'ivr' ? r.destination.target_id : null;
        const loop = target !== null && path.includes(target);
        const next = target !== null && !loop ? menus.get(target) : undefined;
        return (
          <Box component="li" role="treeitem" aria-expanded={next ? true : undefined} key={r.key} pl={depth ? 'lg' : 0} py={2}>
            <Group gap={6} wrap="nowrap">
              {depth ? <IconCornerDownRight size={14} color="var(--mantine-color-dimmed)" /> : null}
              {r.label}
              <DestinationText destination={r.destination} empty={r.empty} />
              {loop && target ? (
                <Badge size="sm" color="orange" variant="light" tt="none" leftSection={<IconArrowBackUp size={12} />}>
                  Loops back to {menus.get(target)?.name ?? 'a menu above'}
                </Badge>
              ) : null}
            </Group>
            {next && depth + 1 < MAX_DEPTH ? (
              <Box component="ul" role="group" p={0} m={0} style={{ listStyle: 'none', borderLeft: '1px dashed var(--mantine-color-default-border)' }} ml={10}>
                <Branches menu={next} menus={menus} path={[...path, next.id]} depth={depth + 1} />
              </Box>
            ) : null}
            {next && depth + 1 >= MAX_DEPTH ? (
              <Text size="xs" c="dimmed" pl="lg">
                … open {next.name} to see further
              </Text>
            ) : null}
          </Box>
        );
      })}
    </>
  );
}

const ORDER = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];
const digitOrder = (d: string) => {
  const i = ORDER.indexOf(d);
  return i < 0 ? 99 : i;
};
