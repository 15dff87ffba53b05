import type { Destination } from '@switchboard/shared';

/** A menu as the way-out check sees it. */
export interface MenuNode {
  id: string;
  name: string;
  /** Every destination the menu holds (options, timeout, invalid input). */
  destinations: Destination[];
  /** Whether a timeout destination is set: without one the call hangs up after the last repeat. */
  hasTimeout: boolean;
}

/**
 * The menus a caller could never leave. Loops between menus are fine as long as, from every menu,
 * following its destinations reaches something other than a menu: a queue, extension, voicemail,
 * webhook, external number or hang-up (a menu without a timeout destination hangs up after its
 * last repeat, so it is a way out by itself). Returned in the order given.
 */
export function trappedMenus(menus: MenuNode[]): MenuNode[] {
  const escapes = new Set<string>();
  for (const m of menus) if (!m.hasTimeout || m.destinations.some((d) => d.type !== 'ivr')) escapes.add(m.id);
  // Walk backwards: a menu escapes when one of its options leads to a menu that escapes.
  const into = new Map<string, string[]>();
  for (const m of menus)
    for (const d of m.destinations)
      if (d.type === 'ivr') {
        const list = into.get(d.target_id) ?? [];
        list.push(m.id);
        into.set(d.target_id, list);
      }
  const queue = [...escapes];
  while (queue.length) {
    const id = queue.pop() as string;
    for (const from of into.get(id) ?? [])
      if (!escapes.has(from)) {
        escapes.add(from);
        queue.push(from);
      }
  }
  return menus.filter((m) => !escapes.has(m.id));
}
