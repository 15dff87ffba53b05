import { DEFAULT_WIDGET_APPEARANCE, DEFAULT_WIDGET_BEHAVIOUR } from '@switchboard/shared';
import { expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';

const URL = '/api/v1/chat/widgets';
const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);
const count = async (c: TestContext) => (await c.api('GET', `${URL}?page_size=1`, { token: c.tokens.tenant_admin })).body.meta.total as number;

describeEachDb('chat widgets', (ctx) => {
  it('creates a widget from a name alone with defaults and the embed snippet; gets, lists, updates (merging appearance) and deletes it; every write audited', async () => {
    const c = ctx();
    const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { name: 'Website' } });
    expect(r.status, r.text).toBe(201);
    const w = r.body.data;
    expect(w).toMatchObject({
      name: 'Website',
      enabled: true,
      appearance: DEFAULT_WIDGET_APPEARANCE,
      behaviour: DEFAULT_WIDGET_BEHAVIOUR,
      auto_assign: true,
      strategy: 'least_busy',
      required_skills: [],
      offer_timeout_seconds: 30,
      schedule_id: null,
      allowed_domains: [],
      ip_allowlist: [],
      locale: 'en',
    });
    expect(w.key).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(w.embed_snippet).toBe(`<script src="${c.config.publicUrl}/widget.js" data-widget="${w.key}" async></script>`);

    const other = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { name: 'Support portal' } });
    expect(other.body.data.key).not.toBe(w.key);
    const list = await c.api('GET', `${URL}?q=web`, { token: c.tokens.agent });
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([w.id]);
    expect((await c.api('GET', `${URL}/${w.id}`, { token: c.tokens.viewer })).body.data).toEqual(w);

    const team = await c.api('POST', '/api/v1/teams', { token: c.tokens.tenant_admin, body: { name: 'Chat team' } });
    const up = await c.api('PATCH', `${URL}/${w.id}`, {
      token: c.tokens.tenant_admin,
      body: {
        appearance: { primary_color: '#112233', position: 'bottom-left' },
        behaviour: { require_email: true, prechat_fields: [{ key: 'order', label: 'Order number', type: 'text', required: false }] },
        default_team_id: team.body.data.id,
        strategy: 'skills',
        required_skills: ['Billing', 'billing', 'de'],
        allowed_domains: ['Example.com', '*.example.com', 'localhost:5173'],
        ip_allowlist: ['203.0.113.0/24', '2001:db8::/32'],
        offline_message: 'Back at 9.',
        locale: 'de',
      },
    });
    expect(up.status, up.text).toBe(200);
    expect(up.body.data).toMatchObject({
      appearance: { ...DEFAULT_WIDGET_APPEARANCE, primary_color: '#112233', position: 'bottom-left' },
      behaviour: { ...DEFAULT_WIDGET_BEHAVIOUR, require_email: true, prechat_fields: [{ key: 'order', label: 'Order number', type: 'text', required: false }] },
      default_team_id: team.body.data.id,
      strategy: 'skills',
      required_skills: ['billing', 'de'],
      allowed_domains: ['example.com', '*.example.com', 'localhost:5173'],
      ip_allowlist: ['203.0.113.0/24', '2001:db8::/32'],
      offline_message: 'Back at 9.',
      locale: 'de',
      key: w.key,
    });

    const del = await c.api('DELETE', `${URL}/${w.id}`, { token: c.tokens.tenant_admin });
    expect(del.status).toBe(204);
    expect((await c.api('GET', `${URL}/${w.id}`, { token: c.tokens.tenant_admin })).status).toBe(404);
    // Its key stops working for visitors.
    expect((await c.api('GET', `/api/v1/chat/public/widgets/${w.key}`)).status).toBe(404);

    const audit = await c.api('GET', `/api/v1/audit?entity_type=chat_widget&entity_id=${w.id}`, { token: c.tokens.tenant_admin });
    expect(audit.body.data.map((a: { action: string }) => a.action).sort()).toEqual(['chat_widget.created', 'chat_widget.deleted', 'chat_widget.updated']);
  });

  it('refuses bad colors, domains, CIDRs, locales, pre-chat fields and other tenants’ references with 400; nothing changes', async () => {
    const c = ctx();
    const before = await count(c);
    const bad = async (body: Record<string, unknown>, field: string) => {
      const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { name: 'Bad', ...body } });
      expect(r.status, `${JSON.stringify(body)}: ${r.text}`).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(fields(r).join(' ')).toContain(field);
    };
    await bad({ appearance: { primary_color: 'red' } }, 'appearance.primary_color');
    await bad({ appearance: { avatar_url: 'http://insecure.test/a.png' } }, 'appearance.avatar_url');
    await bad({ allowed_domains: ['https://example.com/'] }, 'allowed_domains.0');
    await bad({ allowed_domains: ['*.*.example.com'] }, 'allowed_domains.0');
    await bad({ ip_allowlist: ['10.0.0.0/33'] }, 'ip_allowlist.0');
    await bad({ ip_allowlist: ['not-an-ip'] }, 'ip_allowlist.0');
    await bad({ locale: 'english' }, 'locale');
    await bad({ strategy: 'random' }, 'strategy');
    await bad({ offer_timeout_seconds: 1 }, 'offer_timeout_seconds');
    await bad({ behaviour: { prechat_fields: [{ key: 'plan', label: 'Plan', type: 'select', required: true }] } }, 'behaviour.prechat_fields.0.options');
    await bad(
      {
        behaviour: {
          prechat_fields: [
            { key: 'a', label: 'A', type: 'text', required: false },
            { key: 'a', label: 'B', type: 'text', required: false },
          ],
        },
      },
      'behaviour.prechat_fields',
    );
    // References must be the tenant's own.
    const betaTeam = await c.api('POST', '/api/v1/teams', { token: c.other.token, body: { name: 'Beta chat team' } });
    await bad({ default_team_id: betaTeam.body.data.id }, 'default_team_id');
    const betaAdmin = (await c.api('GET', '/api/v1/auth/me', { token: c.other.token })).body.data.user.id;
    await bad({ default_assignee_id: betaAdmin }, 'default_assignee_id');
    await bad({ schedule_id: 'no-such-schedule' }, 'schedule_id');
    expect(await count(c)).toBe(before);

    const w = (await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { name: 'Unchanged' } })).body.data;
    const r = await c.api('PATCH', `${URL}/${w.id}`, { token: c.tokens.tenant_admin, body: { name: 'Changed', allowed_domains: ['bad domain'] } });
    expect(r.status).toBe(400);
    expect((await c.api('GET', `${URL}/${w.id}`, { token: c.tokens.tenant_admin })).body.data).toEqual(w);
  });

  it('needs chat:manage to write (tenant admins; not supervisors or agents), chat:read to read, and the chat feature', async () => {
    const c = ctx();
    for (const role of ['supervisor', 'agent', 'viewer'] as const) {
      const r = await c.api('POST', URL, { token: c.tokens[role], body: { name: `By ${role}` } });
      expect(r.status, role).toBe(403);
    }
    expect((await c.api('GET', URL, { token: c.tokens.viewer })).status).toBe(200);
    const w = (await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { name: 'Feature' } })).body.data;
    expect((await c.api('PATCH', `${URL}/${w.id}`, { token: c.tokens.agent, body: { name: 'x' } })).status).toBe(403);
    expect((await c.api('DELETE', `${URL}/${w.id}`, { token: c.tokens.supervisor })).status).toBe(403);

    // Another tenant sees none of it.
    expect((await c.api('GET', `${URL}/${w.id}`, { token: c.other.token })).status).toBe(404);
    expect((await c.api('PATCH', `${URL}/${w.id}`, { token: c.other.token, body: { name: 'Stolen' } })).status).toBe(404);
    expect((await c.api('DELETE', `${URL}/${w.id}`, { token: c.other.token })).status).toBe(404);
    expect((await c.api('GET', URL, { token: c.other.token })).body.data.map((x: { id: string }) => x.id)).not.toContain(w.id);

    // With the tenant's chat feature off: 403 for the console, 404 for visitors.
    const { features } = await c.deps.db.selectFrom('tenants').select('features').where('id', '=', 'demo').executeTakeFirstOrThrow();
    await c.deps.db.updateTable('tenants').set({ features: JSON.stringify({ ...JSON.parse(features), chat: false }) }).where('id', '=', 'demo').execute();
    try {
      const off = await c.api('GET', URL, { token: c.tokens.tenant_admin });
      expect(off.status).toBe(403);
      expect(off.body.code).toBe('feature_disabled');
      expect((await c.api('GET', `/api/v1/chat/public/widgets/${w.key}`)).status).toBe(404);
    } finally {
      await c.deps.db.updateTable('tenants').set({ features }).where('id', '=', 'demo').execute();
    }
    expect((await c.api('GET', `/api/v1/chat/public/widgets/${w.key}`)).status).toBe(200);
  });
});
