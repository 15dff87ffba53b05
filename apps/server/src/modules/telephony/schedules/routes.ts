import { CreateScheduleBody, IdParams, Schedule, ScheduleListQuery, UpdateScheduleBody, dataOf, listOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app.js';
import { conflict, isUniqueViolation, notFound } from '../../../http/errors.js';
import { tenantOf } from '../../../http/guard.js';
import { pageMeta } from '../../../http/pagination.js';
import { actorOf, recordAudit } from '../../audit/repo.js';
import { getTenant } from '../../tenants/repo.js';
import {
  assertScheduleNameFree,
  assertScheduleUnused,
  deleteSchedule,
  getSchedule,
  insertSchedule,
  listSchedules,
  scheduleNameTaken,
  updateSchedule,
} from './repo.js';

/** A foreign-key violation in any of the three dialects (a row still referenced). */
function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23503' || e?.code === 'ER_ROW_IS_REFERENCED_2' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Schedules: time zone, weekly hours, holidays and closures that numbers route on. */
export const scheduleRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['telephony'];

    app.get('/telephony/schedules', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'List schedules', querystring: ScheduleListQuery, response: { 200: listOf(Schedule) } },
      handler: async (req) => {
        const { rows, total } = await listSchedules(db, tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.post('/telephony/schedules', {
      config: { access: 'telephony:manage' },
      schema: { tags, summary: "Create a schedule (time zone defaults to the tenant's)", body: CreateScheduleBody, response: { 201: dataOf(Schedule) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        try {
          const schedule = await db.transaction().execute(async (trx) => {
            await assertScheduleNameFree(trx, tenantId, req.body.name);
            const timezone = req.body.timezone ?? (await getTenant(trx, tenantId))?.settings.timezone ?? 'UTC';
            const id = await insertSchedule(trx, tenantId, { ...req.body, timezone });
            const after = (await getSchedule(trx, tenantId, id)) as Schedule;
            await recordAudit(trx, actorOf(req), { action: 'schedule.created', entity_type: 'schedule', entity_id: id, after });
            return after;
          });
          return reply.status(201).send({ data: schedule });
        } catch (err) {
          throw isUniqueViolation(err) ? scheduleNameTaken() : err;
        }
      },
    });

    app.get('/telephony/schedules/:id', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'Get a schedule', params: IdParams, response: { 200: dataOf(Schedule) } },
      handler: async (req) => {
        const s = await getSchedule(db, tenantOf(req), req.params.id);
        if (!s) throw notFound('Schedule');
        return { data: s };
      },
    });

    app.patch('/telephony/schedules/:id', {
      config: { access: 'telephony:manage' },
      schema: {
        tags,
        summary: 'Update a schedule (a given weekly, holidays or closures replaces that whole list)',
        params: IdParams,
        body: UpdateScheduleBody,
        response: { 200: dataOf(Schedule) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        try {
          const schedule = await db.transaction().execute(async (trx) => {
            const before = await getSchedule(trx, tenantId, req.params.id);
            if (!before) throw notFound('Schedule');
            if (req.body.name !== undefined) await assertScheduleNameFree(trx, tenantId, req.body.name, before.id);
            await updateSchedule(trx, tenantId, before.id, req.body);
            const after = (await getSchedule(trx, tenantId, before.id)) as Schedule;
            await recordAudit(trx, actorOf(req), { action: 'schedule.updated', entity_type: 'schedule', entity_id: before.id, before, after });
            return after;
          });
          return { data: schedule };
        } catch (err) {
          throw isUniqueViolation(err) ? scheduleNameTaken() : err;
        }
      },
    });

    app.delete('/telephony/schedules/:id', {
      config: { access: 'telephony:manage' },
      schema: { tags, summary: 'Delete a schedule (409 while a number routes on it)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        try {
          await db.transaction().execute(async (trx) => {
            const before = await getSchedule(trx, tenantId, req.params.id);
            if (!before) throw notFound('Schedule');
            await assertScheduleUnused(trx, tenantId, before.id);
            await deleteSchedule(trx, tenantId, before.id);
            await recordAudit(trx, actorOf(req), { action: 'schedule.deleted', entity_type: 'schedule', entity_id: before.id, before });
          });
        } catch (err) {
          // Something given this schedule by a concurrent request after the check: the foreign key refuses.
          if (isForeignKeyViolation(err)) throw conflict('This schedule is in use (by a number or an SLA policy); change that first');
          throw err;
        }
        return reply.status(204).send(null);
      },
    });
  };
