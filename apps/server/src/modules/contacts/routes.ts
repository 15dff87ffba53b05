import {
  Contact,
  ContactListQuery,
  CreateContactBody,
  IdParams,
  ImportResult,
  TagContactBody,
  UpdateContactBody,
  dataOf,
  listOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { notFound } from '../../http/errors.js';
import { tenantOf } from '../../http/guard.js';
import { now, pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { contactsToCsv, importContactsCsv } from './csv.js';
import { addContactTag, assertTagsExist, createContactRepo, getContact, insertContact, updateContact } from './repo.js';

/** Contacts: CRUD, search, tags, CSV import and export. */
export const contactRoutes = (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const repo = createContactRepo(db);

    app.get('/contacts', {
      config: { access: 'contacts:read' },
      schema: { tags: ['contacts'], summary: 'List and search contacts', querystring: ContactListQuery, response: { 200: listOf(Contact) } },
      handler: async (req) => {
        const { rows, total } = await repo.list(tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.get('/contacts/export', {
      config: { access: 'contacts:read' },
      schema: {
        tags: ['contacts'],
        summary: 'Export contacts as CSV (same filters as the list)',
        querystring: ContactListQuery.pick({ q: true, tag_id: true }),
        produces: ['text/csv'],
      },
      handler: async (req, reply) => {
        const stream = contactsToCsv(repo.all(tenantOf(req), req.query));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="contacts-${now().slice(0, 10)}.csv"`)
          .send(stream);
      },
    });

    app.post('/contacts/import', {
      config: { access: 'contacts:write' },
      schema: {
        tags: ['contacts'],
        summary: 'Import contacts from CSV (all rows or none)',
        consumes: ['text/csv'],
        body: z.string().min(1).describe('CSV text with a header row'),
        response: { 200: dataOf(ImportResult) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const imported = await db.transaction().execute(async (trx) => {
          const n = await importContactsCsv(trx, tenantId, req.body);
          await recordAudit(trx, actorOf(req), { action: 'contact.imported', entity_type: 'contact', after: { imported: n } });
          return n;
        });
        return { data: { imported, errors: [] } };
      },
    });

    app.post('/contacts', {
      config: { access: 'contacts:write' },
      schema: { tags: ['contacts'], summary: 'Create a contact', body: CreateContactBody, response: { 201: dataOf(Contact) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const contact = await db.transaction().execute(async (trx) => {
          await assertTagsExist(trx, tenantId, req.body.tag_ids ?? []);
          const id = await insertContact(trx, tenantId, req.body);
          const after = (await getContact(trx, tenantId, id)) as Contact;
          await recordAudit(trx, actorOf(req), { action: 'contact.created', entity_type: 'contact', entity_id: id, after });
          return after;
        });
        return reply.status(201).send({ data: contact });
      },
    });

    app.get('/contacts/:id', {
      config: { access: 'contacts:read' },
      schema: { tags: ['contacts'], summary: 'Get a contact', params: IdParams, response: { 200: dataOf(Contact) } },
      handler: async (req) => {
        const c = await getContact(db, tenantOf(req), req.params.id);
        if (!c) throw notFound('Contact');
        return { data: c };
      },
    });

    app.patch('/contacts/:id', {
      config: { access: 'contacts:write' },
      schema: { tags: ['contacts'], summary: 'Update a contact', params: IdParams, body: UpdateContactBody, response: { 200: dataOf(Contact) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const contact = await db.transaction().execute(async (trx) => {
          const before = await getContact(trx, tenantId, req.params.id);
          if (!before) throw notFound('Contact');
          if (req.body.tag_ids) await assertTagsExist(trx, tenantId, req.body.tag_ids);
          await updateContact(trx, tenantId, before.id, req.body);
          const after = (await getContact(trx, tenantId, before.id)) as Contact;
          await recordAudit(trx, actorOf(req), { action: 'contact.updated', entity_type: 'contact', entity_id: before.id, before, after });
          return after;
        });
        return { data: contact };
      },
    });

    app.delete('/contacts/:id', {
      config: { access: 'contacts:write' },
      schema: { tags: ['contacts'], summary: 'Delete a contact', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await getContact(trx, tenantId, req.params.id);
          if (!before) throw notFound('Contact');
          await trx.updateTable('contacts').set({ deleted_at: now(), updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'contact.deleted', entity_type: 'contact', entity_id: before.id, before });
        });
        return reply.status(204).send(null);
      },
    });

    app.post('/contacts/:id/tags', {
      config: { access: 'contacts:write' },
      schema: { tags: ['contacts'], summary: 'Tag a contact', params: IdParams, body: TagContactBody, response: { 200: dataOf(Contact) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const contact = await db.transaction().execute(async (trx) => {
          const before = await getContact(trx, tenantId, req.params.id);
          if (!before) throw notFound('Contact');
          await addContactTag(trx, tenantId, before.id, req.body.tag_id);
          const after = (await getContact(trx, tenantId, before.id)) as Contact;
          await recordAudit(trx, actorOf(req), { action: 'contact.tagged', entity_type: 'contact', entity_id: before.id, before: { tags: before.tags }, after: { tags: after.tags } });
          return after;
        });
        return { data: contact };
      },
    });

    app.delete('/contacts/:id/tags/:tag_id', {
      config: { access: 'contacts:write' },
      schema: { tags: ['contacts'], summary: 'Untag a contact', params: IdParams.extend({ tag_id: z.string().min(1).max(64) }), response: { 200: dataOf(Contact) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const contact = await db.transaction().execute(async (trx) => {
          const before = await getContact(trx, tenantId, req.params.id);
          if (!before) throw notFound('Contact');
          if (!before.tags.some((t) => t.id === req.params.tag_id)) throw notFound('Tag on this contact');
          await trx.deleteFrom('contact_tags').where('tenant_id', '=', tenantId).where('contact_id', '=', before.id).where('tag_id', '=', req.params.tag_id).execute();
          const after = (await getContact(trx, tenantId, before.id)) as Contact;
          await recordAudit(trx, actorOf(req), { action: 'contact.untagged', entity_type: 'contact', entity_id: before.id, before: { tags: before.tags }, after: { tags: after.tags } });
          return after;
        });
        return { data: contact };
      },
    });
  };
