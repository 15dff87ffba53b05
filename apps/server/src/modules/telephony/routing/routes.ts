import { IdParams, NumberRoute, NumberRouteQuery, dataOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../app.js';
import { notFound } from '../../../http/errors.js';
import { tenantOf } from '../../../http/guard.js';
import { getNumber } from '../numbers/repo.js';
import { localTimeAt } from '../schedules/calendar.js';
import { getSchedule } from '../schedules/repo.js';
import { resolveRoute } from './resolve.js';

/** Where a number's calls go at an instant: the router's decision, explained. */
export const routingRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;

    app.get('/telephony/numbers/:id/route', {
      config: { access: 'telephony:read' },
      schema: {
        tags: ['telephony'],
        summary: 'Resolve where a call to the number goes at an instant (default now)',
        params: IdParams,
        querystring: NumberRouteQuery,
        response: { 200: dataOf(NumberRoute) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const number = await getNumber(db, tenantId, req.params.id);
        if (!number) throw notFound('Number');
        const schedule = number.routing.schedule_id ? ((await getSchedule(db, tenantId, number.routing.schedule_id)) ?? null) : null;
        const at = req.query.at ? new Date(req.query.at) : new Date();
        const r = resolveRoute({ routing: number.routing, schedule }, at);
        const local = schedule ? localTimeAt(schedule.timezone, at) : null;
        return {
          data: {
            number_id: number.id,
            e164: number.e164,
            at: at.toISOString(),
            state: r.state,
            reason: r.reason,
            destination: r.destination,
            schedule_id: schedule?.id ?? null,
            timezone: schedule?.timezone ?? null,
            local_time: local ? `${local.date}T${local.time}` : null,
          },
        };
      },
    });
  };
