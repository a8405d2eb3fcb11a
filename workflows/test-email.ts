import { workflowInfo } from '@temporalio/workflow';
import { ProcessJournal } from './shared/journal';

/** Lets an administrator check the mail set-up end to end: outbox, worker, SMTP. */
export async function sendTestEmail(input: { to: string; requestedBy: string }): Promise<void> {
  const journal = new ProcessJournal();
  const id = workflowInfo().workflowId;
  await journal.notify([
    {
      key: `${id}:test`,
      audience: [{ kind: 'address', email: input.to }],
      subjectType: 'test',
      subjectId: id,
      subjectLabel: 'Trainflow mail set-up',
      headline: 'Test email',
      lines: [`Requested by ${input.requestedBy}. If you can read this, Trainflow can send you email.`],
    },
  ]);
  await journal.settle();
}
