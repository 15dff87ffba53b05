import { renderTemplate, templateVariablesIn } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);
const URL = '/api/v1/helpdesk/templates';

describe('renderTemplate', () => {
  it('replaces known and unknown variables, missing values become empty', () => {
    expect(
      renderTemplate('Hi {{requester.name}}, re {{ ticket.number }}: {{ticket.subject}}!', { 'requester.name': 'Ann', 'ticket.number': 'DEMO-00001' }),
    ).toBe('Hi Ann, re DEMO-00001: !');
    expect(renderTemplate('{{agent.name}}', { 'agent.name': null })).toBe('');
    expect(renderTemplate('no variables {single}', {})).toBe('no variables {single}');
  });

  it('escapes values (not the template) for HTML bodies', () => {
    const vars = { 'requester.name': '<b>Tom & "Jerry"</b>' };
    expect(renderTemplate('<p>Hi {{requester.name}}</p>', vars, { html: true })).toBe('<p>Hi &lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;</p>');
    expect(renderTemplate('Hi {{requester.name}}', vars)).toBe('Hi <b>Tom & "Jerry"</b>');
  });

  it('lists the variables a text uses', () => {
    expect(templateVariablesIn('{{a}} {{ b.c }} {{a}}')).toEqual(['a', 'b.c']);
  });
});

async function create(c: TestContext, body: Record<string, unknown>, token = c.tokens.agent) {
  const r = await c.api('POST', URL, { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data as { id: string; name: string; kind: string; subject: string | null; body: string; format: string };
}
const count = async (c: TestContext) => (await c.api('GET', `${URL}?page_size=1`, { token: c.tokens.viewer })).body.meta.total as number;

describeEachDb('helpdesk templates', (ctx) => {
  it('creates, lists by kind and name, gets, updates and deletes a template', async () => {
    const c = ctx();
    const t = await create(c, { kind: 'reply', name: 'Tpl Thanks', body: 'Thanks {{requester.name}}, {{agent.name}}' });
    expect(t).toMatchObject({ kind: 'reply', name: 'Tpl Thanks', subject: null, format: 'text' });
    await create(c, { kind: 'ticket', name: 'tpl Outage', subject: 'Outage {{ticket.number}}', body: 'Down' });
    const list = await c.api('GET', `${URL}?q=tpl`, { token: c.tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { name: string }) => x.name)).toEqual(['tpl Outage', 'Tpl Thanks']);
    const replies = await c.api('GET', `${URL}?q=tpl&kind=reply`, { token: c.tokens.viewer });
    expect(replies.body.data.map((x: { name: string }) => x.name)).toEqual(['Tpl Thanks']);
    const got = await c.api('GET', `${URL}/${t.id}`, { token: c.tokens.viewer });
    expect(got.body.data).toEqual(t);
    const up = await c.api('PATCH', `${URL}/${t.id}`, { token: c.tokens.agent, body: { subject: 'Re {{ticket.subject}}', format: 'html' } });
    expect(up.status, up.text).toBe(200);
    expect(up.body.data).toMatchObject({ subject: 'Re {{ticket.subject}}', format: 'html', name: 'Tpl Thanks' });
    const audit = await c.api('GET', `/api/v1/audit?entity_type=template&entity_id=${t.id}`, { token: c.tokens.tenant_admin });
    expect(audit.status).toBe(200);
    expect(audit.body.data.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['template.created', 'template.updated']));
    const del = await c.api('DELETE', `${URL}/${t.id}`, { token: c.tokens.agent });
    expect(del.status).toBe(204);
    expect((await c.api('GET', `${URL}/${t.id}`, { token: c.tokens.viewer })).status).toBe(404);
  });

  it('refuses an unknown variable with 400 naming it, and bad fields; nothing is created', async () => {
    const c = ctx();
    const before = await count(c);
    const r = await c.api('POST', URL, { token: c.tokens.agent, body: { kind: 'reply', name: 'Tpl Bad', body: 'Hi {{customer.name}}' } });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(['body']);
    expect(r.text).toContain('customer.name');
    const s = await c.api('POST', URL, { token: c.tokens.agent, body: { kind: 'ticket', name: 'Tpl Bad', subject: '{{ticket.id}}', body: 'x' } });
    expect(fields(s)).toEqual(['subject']);
    const k = await c.api('POST', URL, { token: c.tokens.agent, body: { kind: 'note', name: '', body: '' } });
    expect(k.status).toBe(400);
    expect(fields(k).sort()).toEqual(['body', 'kind', 'name']);
    expect(await count(c)).toBe(before);
    const t = await create(c, { kind: 'reply', name: 'Tpl Patch', body: 'ok' });
    const p = await c.api('PATCH', `${URL}/${t.id}`, { token: c.tokens.agent, body: { body: '{{agent.nam}}' } });
    expect(p.status).toBe(400);
    expect(fields(p)).toEqual(['body']);
    expect((await c.api('GET', `${URL}/${t.id}`, { token: c.tokens.viewer })).body.data.body).toBe('ok');
  });

  it('keeps names unique per tenant ignoring case (409); another tenant may reuse one', async () => {
    const c = ctx();
    const a = await create(c, { kind: 'reply', name: 'Tpl Unique', body: 'x' });
    const b = await create(c, { kind: 'reply', name: 'Tpl Other', body: 'x' });
    const r = await c.api('POST', URL, { token: c.tokens.agent, body: { kind: 'ticket', name: 'TPL UNIQUE', body: 'x' } });
    expect(r.status).toBe(409);
    expect(fields(r)).toEqual(['name']);
    const p = await c.api('PATCH', `${URL}/${b.id}`, { token: c.tokens.agent, body: { name: 'tpl unique' } });
    expect(p.status).toBe(409);
    expect((await c.api('PATCH', `${URL}/${a.id}`, { token: c.tokens.agent, body: { name: 'Tpl UNIQUE' } })).status).toBe(200);
    expect((await c.api('POST', URL, { token: c.other.token, body: { kind: 'reply', name: 'Tpl Unique', body: 'x' } })).status).toBe(201);
  });

  it('renders subject and body with the given values (HTML-escaped for HTML bodies, tenant name by default)', async () => {
    const c = ctx();
    const t = await create(c, {
      kind: 'reply',
      name: 'Tpl Render',
      subject: '[{{ticket.number}}] {{ticket.subject}}',
      body: '<p>Hello {{requester.name}} ({{requester.email}}), {{agent.name}} from {{tenant.name}}</p>',
      format: 'html',
    });
    const r = await c.api('POST', `${URL}/${t.id}/render`, {
      token: c.tokens.viewer,
      body: { ticket: { number: 'DEMO-00007', subject: 'A & B' }, requester: { name: '<Ann>' }, agent: { name: 'Bob' } },
    });
    expect(r.status, r.text).toBe(200);
    const tenant = await c.api('GET', '/api/v1/tenant', { token: c.tokens.viewer });
    expect(tenant.status).toBe(200);
    const tenantName = tenant.body.data.name as string;
    expect(r.body.data.subject).toBe('[DEMO-00007] A & B');
    expect(r.body.data.body).toMatch(/^<p>Hello &lt;Ann&gt; \(\), Bob from .+<\/p>$/);
    expect(r.body.data.body).toContain(`from ${tenantName}<`);
    const own = await c.api('POST', `${URL}/${t.id}/render`, { token: c.tokens.viewer, body: { tenant: { name: 'Acme' } } });
    expect(own.body.data).toEqual({ subject: '[] ', body: '<p>Hello  (),  from Acme</p>', format: 'html' });
    const bad = await c.api('POST', `${URL}/${t.id}/render`, { token: c.tokens.viewer, body: { agent: { name: 5 } } });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['agent.name']);
  });

  it('needs a sign-in, tickets:write to change, and hides another tenant’s templates (404, unchanged)', async () => {
    const c = ctx();
    const t = await create(c, { kind: 'reply', name: 'Tpl Guarded', body: 'x' });
    expect((await c.api('GET', URL)).status).toBe(401);
    expect((await c.api('POST', URL, { body: { kind: 'reply', name: 'n', body: 'x' } })).status).toBe(401);
    const before = await count(c);
    expect((await c.api('POST', URL, { token: c.tokens.viewer, body: { kind: 'reply', name: 'Tpl V', body: 'x' } })).status).toBe(403);
    expect((await c.api('PATCH', `${URL}/${t.id}`, { token: c.tokens.viewer, body: { body: 'y' } })).status).toBe(403);
    expect((await c.api('DELETE', `${URL}/${t.id}`, { token: c.tokens.viewer })).status).toBe(403);
    expect(await count(c)).toBe(before);
    for (const [m, u, body] of [
      ['GET', `${URL}/${t.id}`, undefined],
      ['PATCH', `${URL}/${t.id}`, { body: 'hacked' }],
      ['DELETE', `${URL}/${t.id}`, undefined],
      ['POST', `${URL}/${t.id}/render`, {}],
    ] as const) {
      const r = await c.api(m, u, { token: c.other.token, body });
      expect(r.status, `${m} ${u}`).toBe(404);
    }
    expect((await c.api('GET', `${URL}/${t.id}`, { token: c.tokens.viewer })).body.data.body).toBe('x');
  });
});
