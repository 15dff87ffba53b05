import type { TenantRole } from '@switchboard/shared';
import type { Database } from './db/index.js';
import { hashPassword } from './modules/auth/crypto.js';
import { recordAudit } from './modules/audit/repo.js';
import { insertContact } from './modules/contacts/repo.js';
import { insertTenant } from './modules/tenants/repo.js';
import { addMember } from './modules/users/repo.js';
import { now } from './http/pagination.js';
import { v7 as uuidv7 } from 'uuid';

export const SUPERADMIN_EMAIL = 'superadmin@switchboard.local';
export const DEMO_USERS: { email: string; name: string; role: TenantRole }[] = [
  { email: 'admin@demo.local', name: 'Ada Admin', role: 'tenant_admin' },
  { email: 'supervisor@demo.local', name: 'Sam Supervisor', role: 'supervisor' },
  { email: 'agent@demo.local', name: 'Alex Agent', role: 'agent' },
  { email: 'viewer@demo.local', name: 'Vic Viewer', role: 'viewer' },
];

/**
 * First start only: a platform superadmin and the `demo` tenant with one user of each role and a
 * few contacts. Returns the logins created, or null when the database was already seeded.
 */
export async function seedDemo(db: Database, password: string): Promise<{ email: string; role: string }[] | null> {
  return db.transaction().execute(async (trx) => {
    const seeded = await trx.selectFrom('users').select('id').where('email', '=', SUPERADMIN_EMAIL).executeTakeFirst();
    if (seeded) return null;
    const at = now();
    const hash = await hashPassword(password);
    await trx
      .insertInto('users')
      .values({ id: uuidv7(), email: SUPERADMIN_EMAIL, name: 'Platform Admin', password_hash: hash, phone: null, avatar_url: null, is_superadmin: 1, last_login_at: null, password_changed_at: at, created_at: at, updated_at: at, deleted_at: null })
      .execute();
    const exists = await trx.selectFrom('tenants').select('id').where('id', '=', 'demo').executeTakeFirst();
    if (!exists) {
      await insertTenant(trx, { id: 'demo', name: 'Demo Company', status: 'active', settings: { timezone: 'Europe/Berlin' } });
      for (const u of DEMO_USERS) await addMember(trx, 'demo', { ...u, password });
      const tagAt = now();
      const vip = uuidv7();
      await trx.insertInto('tags').values([
        { id: vip, tenant_id: 'demo', name: 'VIP', color: '#e8590c', created_at: tagAt, updated_at: tagAt },
        { id: uuidv7(), tenant_id: 'demo', name: 'Lead', color: '#1c7ed6', created_at: tagAt, updated_at: tagAt },
      ]).execute();
      await insertContact(trx, 'demo', { first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com', phone: '+1 555 0100', company: 'Navy', tag_ids: [vip] });
      await insertContact(trx, 'demo', { first_name: 'Alan', last_name: 'Turing', email: 'alan@example.com', phone: '+44 20 7946 0000', company: 'Bletchley' });
      await recordAudit(trx, { tenantId: 'demo', userId: null, email: 'system', ip: null, requestId: null }, { action: 'tenant.seeded', entity_type: 'tenant', entity_id: 'demo' });
    }
    return [{ email: SUPERADMIN_EMAIL, role: 'superadmin' }, ...DEMO_USERS.map((u) => ({ email: u.email, role: u.role }))];
  });
}
