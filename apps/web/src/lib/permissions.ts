import type { Feature, Me, Permission } from '@switchboard/shared';

/** True when the signed-in user holds the permission in the current tenant. */
export function can(me: Me | null | undefined, permission: Permission | undefined): boolean {
  if (!permission) return true;
  return Boolean(me?.permissions.includes(permission));
}

/**
 * True unless the current tenant has the feature switched off.
 * A feature the tenant does not mention (or no tenant at all) counts as on: only an explicit `false` hides.
 */
export function featureOn(me: Me | null | undefined, feature: Feature | undefined): boolean {
  if (!feature) return true;
  return me?.tenant?.features?.[feature] !== false;
}

export interface Guarded {
  permission?: Permission;
  feature?: Feature;
  /** Works only inside a tenant (a superadmin may be signed in outside any). */
  needsTenant?: boolean;
}

/** Every check of a nav item or page. */
export function allowed(me: Me | null | undefined, item: Guarded): boolean {
  return can(me, item.permission) && featureOn(me, item.feature) && (!item.needsTenant || Boolean(me?.tenant));
}
