import { z } from 'zod';
import { databaseAnswers } from '../../db/database';
import { OutboxSummarySchema } from '../../domain/outbox';
import { outboxSummary } from '../services/outbox';
import { defineRoute, ok } from '../http/route';

const Health = z
  .object({
    status: z.string(),
    database: z.boolean().optional(),
    temporal: z.boolean().optional(),
    outbox: OutboxSummarySchema.optional().meta({
      description: 'Detail, not part of readiness: emails waiting, failed, and the oldest wait',
    }),
  })
  .meta({ id: 'Health' });

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tags: ['Operations'],
    policy: { public: 'probes carry no credentials' },
    responses: { 200: { description: 'Alive', schema: Health } },
    handler: async () => ok({ status: 'ok' }),
  }),
  defineRoute({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: database and Temporal answer',
    tags: ['Operations'],
    policy: { public: 'probes carry no credentials' },
    responses: { 200: { description: 'Ready', schema: Health }, 503: { description: 'Not ready', schema: Health } },
    async handler({ deps }) {
      const [database, temporal] = await Promise.all([databaseAnswers(deps.db.prisma), deps.temporalAnswers()]);
      const ready = database && temporal;
      // Mail that waits or failed does not make the API unready: it is there for whoever looks.
      const outbox = database ? await outboxSummary(deps.db.prisma, deps.now()).catch(() => undefined) : undefined;
      return {
        status: ready ? 200 : 503,
        body: { status: ready ? 'ready' : 'not ready', database, temporal, ...(outbox ? { outbox } : {}) },
      };
    },
  }),
];
