/**
 * The email outbox for administrators (`/outbox`): each email's status, attempts and the mail
 * server's last answer per recipient, and "Retry now" for a failed one. The same service as
 * GET /api/outbox and POST /api/outbox/{id}/retry.
 */
import { z } from 'zod';
import { findOutboxEmail, listOutbox, retryFailedEmail } from '../../api/services/outbox';
import { EMAIL_STATUSES, type RecipientStatus } from '../../domain/email-delivery';
import { IdParams } from '../../domain/reference-data';
import { PAGE_SIZE, listUrl } from '../paging';
import { definePage, redirect, render } from './page';

const STATUS_NAMES = { pending: 'Waiting', sent: 'Sent', failed: 'Failed' } as const;
const RECIPIENT_STATUS_NAMES: Record<RecipientStatus, string> = {
  ...STATUS_NAMES,
  replaced: 'Not sent: the address was corrected',
  withheld: 'Not sent: the user was deactivated',
};
const blankAsUndefined = z.literal('').transform(() => undefined);

const OutboxPageQuery = z.object({
  status: z.enum(EMAIL_STATUSES).optional().or(blankAsUndefined),
  recipient: z.string().trim().max(254).optional(),
  cursor: z.string().max(200).optional(),
  done: z.literal('retried').optional(),
});

export const outboxPages = [
  definePage({
    method: 'get',
    path: '/outbox',
    summary: 'See the email outbox',
    policy: { roles: ['admin'] },
    query: OutboxPageQuery,
    async handler({ deps, query }) {
      const recipient = query.recipient || undefined;
      const page = await listOutbox(
        deps.db.prisma,
        { status: query.status, recipient, cursor: query.cursor, limit: PAGE_SIZE },
        deps.now(),
      );
      const filters = { status: query.status, recipient };
      return render('pages/outbox.njk', {
        pageTitle: 'Email outbox',
        done: query.done ? 'The email is being sent again' : undefined,
        statuses: [
          { value: '', text: 'All' },
          ...EMAIL_STATUSES.map((status) => ({ value: status, text: STATUS_NAMES[status], selected: status === query.status })),
        ],
        recipient: recipient ?? '',
        filtered: !!(query.status || recipient),
        statusNames: STATUS_NAMES,
        recipientStatusNames: RECIPIENT_STATUS_NAMES,
        emails: page.items,
        next: page.nextCursor ? listUrl('/outbox', { ...filters, cursor: page.nextCursor }) : undefined,
      });
    },
  }),
  definePage({
    method: 'post',
    path: '/outbox/:id/retry',
    summary: 'Retry a failed email now',
    policy: { roles: ['admin'] },
    params: IdParams,
    scope: ({ params, deps }) => findOutboxEmail(deps.db.prisma, params.id),
    body: z.object({}),
    invalid: async () => redirect('/outbox'),
    async handler({ deps, user, resource, requestId }) {
      await retryFailedEmail(deps, user!.actor, resource, requestId);
      return redirect('/outbox?done=retried');
    },
  }),
];
