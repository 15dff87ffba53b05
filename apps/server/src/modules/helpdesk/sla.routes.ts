import { CreateSlaPolicyBody, IdParams, SLA_DEFAULT_WARNING_PERCENT, SlaPolicy, SlaPolicyListQuery, UpdateSlaPolicyBody, dataOf, listOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { isUniqueViolation, notFound, validation } from '../../http/errors.js';
import { tenantOf } from '../../http/guard.js';
import { now, pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { assertEscalationRefs, assertScheduleOfTenant, assertSlaNameFree, getSlaPolicy, listSlaPolicies, makeDefault, slaNameTaken } from './sla.repo.js';

/**
 * SLA policies: first-response and resolution targets per priority, on business hours (a telephony
 * schedule, the one calendar model) or 24/7, with a warning threshold and an escalation at breach.
 * Changing a policy does not move the clocks of tickets already running (they keep a snapshot). Reading needs `tickets:read`; changing them is a tenant
 * admin's job (`tenant:settings`).
 */
export const slaPolicyRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['helpdesk'];
    const read = { access: 'tickets:read', feature: 'helpdesk' } as const;
    const write = { access: 'tenant:settings', feature: 'helpdesk' } as const;

    app.get('/helpdesk/sla-policies', {
      config: read,
      schema: { tags, summary: 'List SLA policies', querystring: SlaPolicyListQuery, response: { 200: listOf(SlaPolicy) } },
      handler: async (req) => {
        const { rows, total } = await listSlaPolicies(db, tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.post('/helpdesk/sla-policies', {
      config: write,
      schema: { tags, summary: 'Create an SLA policy', body: CreateSlaPolicyBody, response: { 201: dataOf(SlaPolicy) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const b = req.body;
        try {
          const policy = await db.transaction().execute(async (trx) => {
            await assertSlaNameFree(trx, tenantId, b.name);
            if (b.business_hours && b.schedule_id) await assertScheduleOfTenant(trx, tenantId, b.schedule_id);
            await assertEscalationRefs(trx, tenantId, b.escalation);
            const at = now();
            const id = uuidv7();
            await trx
              .insertInto('hd_sla_policies')
              .values({
                id,
                tenant_id: tenantId,
                name: b.name,
                targets: JSON.stringify(b.targets),
                business_hours: b.business_hours ? 1 : 0,
                schedule_id: b.business_hours ? (b.schedule_id ?? null) : null,
                is_default: 0,
                warning_percent: b.warning_percent === undefined ? SLA_DEFAULT_WARNING_PERCENT : b.warning_percent,
                escalation: b.escalation ? JSON.stringify(b.escalation) : null,
                created_at: at,
                updated_at: at,
              })
              .execute();
            if (b.is_default) await makeDefault(trx, tenantId, id);
            const after = (await getSlaPolicy(trx, tenantId, id)) as SlaPolicy;
            await recordAudit(trx, actorOf(req), { action: 'sla_policy.created', entity_type: 'sla_policy', entity_id: id, after });
            return after;
          });
          return reply.status(201).send({ data: policy });
        } catch (err) {
          throw isUniqueViolation(err) ? slaNameTaken() : err;
        }
      },
    });

    app.get('/helpdesk/sla-policies/:id', {
      config: read,
      schema: { tags, summary: 'Get an SLA policy', params: IdParams, response: { 200: dataOf(SlaPolicy) } },
      handler: async (req) => {
        const p = await getSlaPolicy(db, tenantOf(req), req.params.id);
        if (!p) throw notFound('SLA policy');
        return { data: p };
      },
    });

    app.patch('/helpdesk/sla-policies/:id', {
      config: write,
      schema: {
        tags,
        summary: 'Update an SLA policy (is_default: true makes it the only default; false is refused — make another one the default)',
        params: IdParams,
        body: UpdateSlaPolicyBody,
        response: { 200: dataOf(SlaPolicy) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const b = req.body;
        try {
          const policy = await db.transaction().execute(async (trx) => {
            const before = await getSlaPolicy(trx, tenantId, req.params.id);
            if (!before) throw notFound('SLA policy');
            if (b.name !== undefined) await assertSlaNameFree(trx, tenantId, b.name, before.id);
            const businessHours = b.business_hours ?? before.business_hours;
            const scheduleId = b.schedule_id !== undefined ? b.schedule_id : b.business_hours === false ? null : before.schedule_id;
            if (businessHours && !scheduleId)
              throw validation('A business-hours policy needs a schedule', [{ field: 'schedule_id', message: 'required with business_hours' }]);
            if (!businessHours && scheduleId) throw validation('A 24/7 policy has no schedule', [{ field: 'schedule_id', message: 'must be null when 24/7' }]);
            if (scheduleId && scheduleId !== before.schedule_id) await assertScheduleOfTenant(trx, tenantId, scheduleId);
            await assertEscalationRefs(trx, tenantId, b.escalation);
            if (b.is_default === false && before.is_default)
              throw validation('Make another policy the default instead', [{ field: 'is_default', message: 'the default cannot be unset directly' }]);
            await trx
              .updateTable('hd_sla_policies')
              .set({
                ...(b.name !== undefined ? { name: b.name } : {}),
                ...(b.targets ? { targets: JSON.stringify(b.targets) } : {}),
                business_hours: businessHours ? 1 : 0,
                schedule_id: scheduleId,
                ...(b.warning_percent !== undefined ? { warning_percent: b.warning_percent } : {}),
                ...(b.escalation !== undefined ? { escalation: b.escalation ? JSON.stringify(b.escalation) : null } : {}),
                updated_at: now(),
              })
              .where('tenant_id', '=', tenantId)
              .where('id', '=', before.id)
              .execute();
            if (b.is_default) await makeDefault(trx, tenantId, before.id);
            const after = (await getSlaPolicy(trx, tenantId, before.id)) as SlaPolicy;
            await recordAudit(trx, actorOf(req), { action: 'sla_policy.updated', entity_type: 'sla_policy', entity_id: before.id, before, after });
            return after;
          });
          return { data: policy };
        } catch (err) {
          throw isUniqueViolation(err) ? slaNameTaken() : err;
        }
      },
    });

    app.delete('/helpdesk/sla-policies/:id', {
      config: write,
      schema: { tags, summary: 'Delete an SLA policy', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await getSlaPolicy(trx, tenantId, req.params.id);
          if (!before) throw notFound('SLA policy');
          await trx.deleteFrom('hd_sla_policies').where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'sla_policy.deleted', entity_type: 'sla_policy', entity_id: before.id, before });
        });
        return reply.status(204).send(null);
      },
    });
  };
