/**
 * Roles and permissions: the single table the server guard and the console both read.
 * A route declares one permission; a role is a named set of permissions.
 */

/** Every permission a route may require. */
export const PERMISSIONS = [
  'tenants:manage',
  'tenant:read',
  'tenant:settings',
  'users:read',
  'users:write',
  'roles:read',
  'contacts:read',
  'contacts:write',
  'tags:read',
  'tags:write',
  'audit:read',
  'tickets:read',
  'tickets:write',
  /** Permanently delete tickets from the trash, with their messages and files. */
  'tickets:purge',
  'chat:read',
  'chat:write',
  /** Configure live chat: widgets (appearance, routing, business hours, allowed domains). */
  'chat:manage',
  /** Supervise chat agents: others' availability, max chats and skills; pick up or move any chat. */
  'chat:supervise',
  'telephony:read',
  'telephony:manage',
  'queues:manage',
  'calls:read',
  'calls:control',
  'cdr:read',
  'recordings:read',
  'analytics:read',
  'webhooks:manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** The five roles. `superadmin` is platform-wide; the others are held per tenant. */
export const ROLES = ['superadmin', 'tenant_admin', 'supervisor', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a tenant admin may give inside a tenant (superadmin is a platform flag, not a membership). */
export const TENANT_ROLES = ['tenant_admin', 'supervisor', 'agent', 'viewer'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

const ALL = [...PERMISSIONS];

/** What each role may do. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  superadmin: ALL,
  tenant_admin: ALL.filter((p) => p !== 'tenants:manage'),
  supervisor: [
    'tenant:read',
    'users:read',
    'roles:read',
    'contacts:read',
    'contacts:write',
    'tags:read',
    'tags:write',
    'tickets:read',
    'tickets:write',
    'chat:read',
    'chat:write',
    'chat:supervise',
    'telephony:read',
    'queues:manage',
    'calls:read',
    'calls:control',
    'cdr:read',
    'recordings:read',
    'analytics:read',
  ],
  agent: [
    'tenant:read',
    'contacts:read',
    'contacts:write',
    'tags:read',
    'tickets:read',
    'tickets:write',
    'chat:read',
    'chat:write',
    'telephony:read',
    'calls:read',
    'calls:control',
  ],
  viewer: [
    'tenant:read',
    'users:read',
    'contacts:read',
    'tags:read',
    'tickets:read',
    'chat:read',
    'telephony:read',
    'calls:read',
    'cdr:read',
    'analytics:read',
  ],
};

/** Human descriptions shown on the roles page. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  superadmin: 'Runs the platform: every tenant, every permission.',
  tenant_admin: 'Runs one company: users, settings, telephony, helpdesk and chat.',
  supervisor: 'Leads a team: sees and manages queues, tickets, chats and reports.',
  agent: 'Handles calls, chats and tickets; manages contacts.',
  viewer: 'Reads reports, tickets and contacts; changes nothing.',
};

/** True when the role grants the permission. */
export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles that count against a tenant's `max_agents` limit (they take calls and chats). */
export const AGENT_ROLES: readonly TenantRole[] = ['tenant_admin', 'supervisor', 'agent'];
