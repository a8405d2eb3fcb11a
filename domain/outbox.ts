/**
 * The outbox as operators see it (GET /api/outbox, the admin page): request and answer schemas,
 * the single source of their types, validation and OpenAPI.
 */
import { z } from 'zod';
import { EMAIL_STATUSES, RECIPIENT_STATUSES } from './email-delivery';

export const OutboxQuery = z.strictObject({
  status: z.enum(EMAIL_STATUSES).optional(),
  subject: z.string().trim().min(1).max(200).optional().meta({ description: 'Part of the subject line, any case' }),
  recipient: z.string().trim().min(1).max(254).optional().meta({ description: 'Part of a recipient address, any case' }),
  olderThanMinutes: z.coerce
    .number()
    .int()
    .min(0)
    .max(525_600)
    .optional()
    .meta({ description: 'Only emails queued at least this many minutes ago' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type OutboxQuery = z.infer<typeof OutboxQuery>;

const OutboxRecipientSchema = z
  .object({
    address: z.string(),
    status: z.enum(RECIPIENT_STATUSES),
    attempts: z.number().int(),
    lastAnswer: z.string().optional().meta({ description: "The SMTP server's last answer that was not a plain acceptance" }),
    sentAt: z.string().optional(),
  })
  .meta({ id: 'OutboxRecipient' });

export const OutboxEmailSchema = z
  .object({
    id: z.string(),
    messageId: z.string(),
    subject: z.string(),
    subjectType: z.string().optional(),
    subjectId: z.string().optional(),
    status: z.enum(EMAIL_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().optional(),
    createdAt: z.string(),
    sentAt: z.string().optional().meta({ description: 'When the first recipient was delivered to' }),
    recipients: z.array(OutboxRecipientSchema),
  })
  .meta({ id: 'OutboxEmail' });
export type OutboxEmailView = z.infer<typeof OutboxEmailSchema>;

/** Failed emails, and how long the oldest undelivered one has waited: /readyz and the metrics. */
export const OutboxSummarySchema = z
  .object({
    pending: z.number().int(),
    failed: z.number().int(),
    oldestPendingAgeSeconds: z.number(),
  })
  .meta({ id: 'OutboxSummary' });
export type OutboxSummary = z.infer<typeof OutboxSummarySchema>;
