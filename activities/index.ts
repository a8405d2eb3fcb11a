import type { Client } from '@temporalio/client';
import type { Logger } from '../config/logger';
import type { PrismaClient } from '../db/database';
import type { Mailer } from '../mail/mailer';
import type { RetentionPeriods } from '../domain/document-retention';
import { DEFAULT_RETENTION_PERIODS } from '../domain/document-retention';
import { createDigestActivities } from './digest';
import { createDocumentStore, type DocumentStorage } from '../db/document-storage';
import { createDocumentRetentionActivities } from './document-retention';
import { createDocumentScanActivities } from './document-scan';
import type { VirusScanSettings } from '../config/config';
import { virusScannerFor } from '../virus-scan/clamd';
import { createEmailActivities } from './email';
import { createIntakeActivities } from './intake';
import { createNoticeActivities } from './notices';
import { createProcessCommitActivities } from './process-commit';
import { refuseUnstorableValues } from './refuse-unstorable';
import { createReferenceDataActivities } from './reference-data';
import type { WorkflowActivities } from '../workflows/activities';
import type { deliverQueuedEmail } from '../workflows/deliver-queued-email';
import { createSpokeActivities } from './spoke-accreditation';

/** What activities may touch, passed in explicitly so tests can hand in their own. */
export interface ActivityDeps {
  prisma: PrismaClient;
  mailer: Mailer;
  logger: Logger;
  publicUrl: string;
  /** For messages between workflows (EOI → intake). */
  temporal: Client;
  taskQueue: string;
  /** The clock for deciding an email is late (tests move it on). */
  now?: () => Date;
  /** How long documents are kept (DOCUMENT_RETENTION_*); the defaults when not given. */
  documentRetention?: RetentionPeriods;
  /** Where documents' bytes are (DOCUMENT_STORE); the database when not given. */
  documentStorage?: DocumentStorage;
  /** The ClamAV daemon held files are scanned by (CLAMD_ADDRESS); none when not given. */
  virusScan?: VirusScanSettings;
}

export function createActivities(deps: ActivityDeps) {
  const email = createEmailActivities({
    ...deps,
    async startDelivery(key, workflowId) {
      try {
        // By name: the worker's process has the workflow code bundled, not imported.
        await deps.temporal.workflow.start<typeof deliverQueuedEmail>('deliverQueuedEmail', {
          taskQueue: deps.taskQueue,
          workflowId,
          args: [{ key }],
        });
      } catch (error) {
        if ((error as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
      }
    },
  });
  const documentStore = createDocumentStore(deps.documentStorage ?? { kind: 'database' }, deps.prisma);
  return refuseUnstorableValues(
    {
      ...email,
      ...createNoticeActivities({ prisma: deps.prisma, publicUrl: deps.publicUrl, email }),
      ...createReferenceDataActivities(deps),
      ...createProcessCommitActivities({ ...deps, documentStore }),
      ...createIntakeActivities(deps),
      ...createSpokeActivities(deps),
      ...createDigestActivities({ prisma: deps.prisma, publicUrl: deps.publicUrl, email }),
      ...createDocumentRetentionActivities({
        prisma: deps.prisma,
        documentRetention: deps.documentRetention ?? DEFAULT_RETENTION_PERIODS,
        store: documentStore,
      }),
      ...createDocumentScanActivities({
        prisma: deps.prisma,
        store: documentStore,
        scanner: virusScannerFor(deps.virusScan),
        logger: deps.logger,
        now: deps.now ?? (() => new Date()),
      }),
    } satisfies WorkflowActivities,
    deps.logger,
  );
}

export type Activities = ReturnType<typeof createActivities>;
