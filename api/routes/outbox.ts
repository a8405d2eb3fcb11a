/**
 * The email outbox for administrators (`/api/outbox`): every email's status, attempts and the
 * mail server's last answer per recipient, and "retry now" for a failed one. Declarations calling
 * api/services/outbox.ts.
 */
import { IdParams, pageOf } from '../../domain/reference-data';
import { OutboxEmailSchema, OutboxQuery } from '../../domain/outbox';
import { findOutboxEmail, listOutbox, retryFailedEmail } from '../services/outbox';
import { defineRoute, ok } from '../http/route';

const tags = ['Administration'];

export const outboxRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/outbox',
    summary: 'List outbox emails',
    description:
      'Emails queued for delivery, oldest first: status (pending: a recipient still to deliver to, sent: every one has it, ' +
      'failed: one refused it for good), attempts, the server’s last answer and each recipient’s outcome. ' +
      'Filters: status, part of the subject, part of a recipient address, queued at least `olderThanMinutes` ago.',
    tags,
    policy: { roles: ['admin'] },
    query: OutboxQuery,
    responses: { 200: { description: 'A page of outbox emails', schema: pageOf(OutboxEmailSchema, 'OutboxEmailPage') } },
    handler: async ({ query, deps }) => ok(await listOutbox(deps.db.prisma, query, deps.now())),
  }),
  defineRoute({
    method: 'post',
    path: '/api/outbox/:id/retry',
    summary: 'Retry a failed email now',
    description:
      'Sends a failed email again to the recipients that refused it (after the address or the mailbox was put right), ' +
      'audited as `email.retried`. 409 unless the email is failed.',
    tags,
    policy: { roles: ['admin'] },
    params: IdParams,
    scope: ({ params, deps }) => findOutboxEmail(deps.db.prisma, params.id),
    responses: {
      202: { description: 'Pending again, being delivered', schema: OutboxEmailSchema },
      409: { description: 'The email is not failed' },
    },
    async handler({ actor, resource, deps, requestId }) {
      return { status: 202, body: await retryFailedEmail(deps, actor, resource, requestId) };
    },
  }),
];
