import { z } from 'zod';
import { EmailSchema } from '../../domain/reference-data';
import { sendTestEmail } from '../../workflows/test-email';
import { defineRoute } from '../http/route';
import { newId } from './ids';

export const adminRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/admin/test-email',
    summary: 'Send a test email',
    description: 'Queues one email through the outbox and the worker to check the SMTP set-up.',
    tags: ['Administration'],
    policy: { roles: ['admin'] },
    body: z.strictObject({ to: EmailSchema }).meta({ id: 'TestEmailRequest' }),
    idempotent: true,
    responses: { 202: { description: 'Queued', schema: z.object({ id: z.string() }) } },
    async handler({ actor, body, deps, idempotencyKey }) {
      const id = newId('test-email', { userId: actor.userId, idempotencyKey });
      await deps.temporal.workflow.start(sendTestEmail, {
        taskQueue: deps.config.taskQueue,
        workflowId: id,
        args: [{ to: body.to, requestedBy: actor.name }],
      });
      return { status: 202, body: { id } };
    },
  }),
];
