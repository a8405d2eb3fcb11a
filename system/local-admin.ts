/**
 * On embedded defaults (mail to the local inbox) a first person must be able to sign in to the
 * pages without a shell: an administrator admin@trainflow.local, whose sign-in links land in the
 * local inbox. Only there: with a real SMTP server, admins are created with the admin CLI.
 */
import { appendAudit } from '../db/audit';
import type { PrismaClient } from '../db/database';
import { SYSTEM_ACTOR } from '../domain/roles';

export const LOCAL_ADMIN_EMAIL = 'admin@trainflow.local';
const LOCAL_ADMIN_ID = 'usr_local_admin';

export async function ensureLocalAdministrator(prisma: PrismaClient): Promise<string> {
  await prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { id: LOCAL_ADMIN_ID } })) return;
    await tx.user.create({ data: { id: LOCAL_ADMIN_ID, name: 'Local administrator', email: LOCAL_ADMIN_EMAIL, role: 'admin' } });
    await appendAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'user.created',
      subjectType: 'user',
      subjectId: LOCAL_ADMIN_ID,
      after: { reason: 'embedded defaults: the first person to sign in' },
    });
  });
  return LOCAL_ADMIN_EMAIL;
}
