/**
 * `npm start`: the whole system on embedded defaults in one command. Starts a Temporal dev
 * server (unless TEMPORAL_ADDRESS), a local mail inbox (unless SMTP_URL), PGlite under DATA_DIR
 * (unless DATABASE_URL), the worker and the API. Ctrl-C stops everything; data is kept.
 * TRAINFLOW_ROLE=api|worker runs one half (with PostgreSQL, as in docker-compose.yml).
 */
import { loadConfig } from '../config/config';
import { ensureLocalAdministrator } from '../system/local-admin';
import { startSystem, type SystemRole } from '../system/system';

async function main() {
  const config = loadConfig();
  const role = (process.env.TRAINFLOW_ROLE ?? 'all') as SystemRole;
  if (!['all', 'api', 'worker'].includes(role)) throw new Error('TRAINFLOW_ROLE must be all, api or worker');
  const system = await startSystem(config, { role });
  // Embedded defaults: mail goes to the local inbox, so a local administrator can sign in by email link.
  const localAdmin =
    system.apiUrl && system.mailInboxUrl && config.emailSignIn ? await ensureLocalAdministrator(system.db.prisma) : undefined;
  const pages = system.apiUrl && system.publicUrl;
  const lines = [
    '',
    'Trainflow is running.',
    pages && `  Sign in        ${pages}/sign-in`,
    system.apiUrl && `  API            ${system.apiUrl}`,
    system.apiUrl && `  API docs       ${system.apiUrl}/docs`,
    `  Temporal       ${system.temporalAddress}${system.temporalUiUrl ? `  (web UI ${system.temporalUiUrl})` : ''}`,
    system.mailInboxUrl && `  Mail inbox     ${system.mailInboxUrl}`,
    `  Data           ${config.databaseUrl ? 'PostgreSQL' : `${config.dataDir} (PGlite)`}`,
    config.adminTokenGenerated
      ? `  Admin token    ${config.adminToken}   (generated for this run; set ADMIN_TOKEN to keep one)`
      : '  Admin token    from ADMIN_TOKEN',
    '',
    localAdmin &&
      `To sign in: open ${pages}/sign-in, enter ${localAdmin} and press "Email me a sign-in link",\n` +
        `then open the link in the email at ${system.mailInboxUrl}. Invite others with\n` +
        `  npm run admin -- create-user --name "Ann Lee" --email ann.lee@example.nhs.uk --role hee_staff --invite\n` +
        '(their invitations land in the same inbox).\n',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.filter(Boolean).join('\n') + '\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Trainflow...\n`);
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
