/**
 * The virus scan with a real ClamAV daemon (test/support/clamd.ts). While the daemon is down an
 * upload is not lost: its files are stored and held as "scanning" (listed, not downloadable);
 * the sweep (the documentScan workflow, started here as the schedule starts it, with the schedule
 * itself paused so no sweep of its own races the test's) leaves them held while the
 * daemon stays away, then releases the clean one and removes the infected one, audited once.
 * With the daemon up, an infected file is refused at upload, naming it, and nothing is stored.
 */
import { uploadFiles } from '../support/documents';
import { createHash } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { scanScheduleId } from '../../temporal/schedules';
import type { DocumentScanResult } from '../../workflows/activities';
import { clamdPort, infectedPdf, startTestClamd, TEST_SIGNATURE, type TestClamd } from '../support/clamd';
import { createRegion, eoiBody, type Region, type RegionUser } from '../support/region';
import { SAMPLE_DOCUMENTS } from '../support/sample-documents';
import { startTestSystem, type TestSystem } from '../support/system';
import { signedInByEmailLink } from '../support/web-sign-in';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the virus scan of attached files, with a real clamd', () => {
  let system: TestSystem;
  let region: Region;
  let clamd: TestClamd | undefined;
  let port: number;
  let eoiId: string;

  beforeAll(async () => {
    port = await clamdPort();
    // The daemon is not started yet: the first uploads meet a scanner that is down.
    system = await startTestSystem({ virusScan: { host: '127.0.0.1', port, timeoutMs: 20_000 } });
    // The schedule's own sweeps (every five minutes) would race the test's: paused until the last test.
    await system.client.schedule.getHandle(scanScheduleId(system.config.taskQueue)).pause('the test runs the sweep itself');
    region = await createRegion(system);
    eoiId = (await region.submitter.api.post('/api/eois', eoiBody(region))).body.id;
  });

  afterAll(async () => {
    await system?.client.schedule
      .getHandle(scanScheduleId(system.config.taskQueue))
      .delete()
      .catch(() => undefined);
    await system?.stop();
    await clamd?.stop();
  });

  const upload = (user: RegionUser, files: Parameters<typeof uploadFiles>[3]) =>
    uploadFiles(system, user, `/api/eois/${eoiId}/documents`, files);
  const sweep = () =>
    system.client.workflow.execute<() => Promise<DocumentScanResult>>('documentScan', {
      taskQueue: system.config.taskQueue,
      workflowId: `scan-${randomBytes(4).toString('hex')}`,
    });

  it('holds files while the scanner is down, then releases the clean one and removes the infected one', async () => {
    const { submitter, reviewer } = region;
    const clean = { name: 'Job description.pdf', bytes: Buffer.concat([SAMPLE_DOCUMENTS.pdf.bytes, randomBytes(16)]) };
    const infected = { name: 'Business case.pdf', bytes: infectedPdf() };
    const held = await upload(submitter, [clean, infected]);
    expect(held.status).toBe(201);
    expect(held.body.items.map((d: { scanStatus: string }) => d.scanStatus)).toEqual(['scanning', 'scanning']);
    const [cleanDoc, infectedDoc] = held.body.items as { id: string; href: string }[];

    // Listed, but not downloadable yet: on the API and on the page.
    const refused = await reviewer.api.get(cleanDoc!.href);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      '“Job description.pdf” is still being checked for viruses: it can be downloaded once the check has passed',
    );
    const browser = await signedInByEmailLink(system, reviewer.email);
    const page = await browser.get(`/eois/${eoiId}`);
    expect(page.text).toContain('Job description.pdf <strong class="nhsuk-tag nhsuk-tag--grey">Being checked for viruses</strong>');
    expect(page.text).not.toContain(`href="/documents/${cleanDoc!.id}"`);

    // The sweep while the daemon is still away: nothing changes.
    expect(await sweep()).toEqual({ clean: [], infected: [], stillHeld: [cleanDoc!.id, infectedDoc!.id] });

    clamd = await startTestClamd(port);
    expect(await sweep()).toEqual({ clean: [cleanDoc!.id], infected: [infectedDoc!.id], stillHeld: [] });
    const released = await fetch(system.baseUrl + cleanDoc!.href, { headers: { authorization: `Bearer ${reviewer.token}` } });
    expect(released.status).toBe(200);
    expect(sha256(new Uint8Array(await released.arrayBuffer()))).toBe(sha256(clean.bytes));
    expect((await reviewer.api.get(infectedDoc!.href)).status).toBe(404);
    expect((await reviewer.api.get(`/api/eois/${eoiId}/documents`)).body.items.map((d: { id: string }) => d.id)).toEqual([cleanDoc!.id]);
    // The infected bytes are gone from the store; the row stays as the record.
    expect(await system.db.prisma.documentContent.count({ where: { sha256: sha256(infected.bytes) } })).toBe(0);
    expect(await system.db.prisma.documentAttachment.findUniqueOrThrow({ where: { id: infectedDoc!.id } })).toMatchObject({
      scanStatus: 'infected',
      scanFinding: expect.stringContaining(TEST_SIGNATURE),
      removedById: 'system',
    });
    const audited = await system.db.prisma.auditEvent.findMany({
      where: { subjectId: eoiId, action: { in: ['document.scanned', 'document.infected'] } },
      orderBy: { action: 'asc' },
    });
    expect(audited.map((a) => [a.action, (a.before as { documentId: string }).documentId])).toEqual([
      ['document.infected', infectedDoc!.id],
      ['document.scanned', cleanDoc!.id],
    ]);

    // Again: nothing left to scan, nothing audited twice.
    expect(await sweep()).toEqual({ clean: [], infected: [], stillHeld: [] });
    expect(
      await system.db.prisma.auditEvent.count({ where: { subjectId: eoiId, action: { in: ['document.scanned', 'document.infected'] } } }),
    ).toBe(2);
  });

  it('with the scanner up, refuses an infected file at upload, naming it, and stores nothing; a clean one is clean at once', async () => {
    expect(clamd).toBeDefined();
    const before = await system.db.prisma.documentAttachment.count({ where: { subjectId: eoiId } });
    const refused = await upload(region.submitter, [SAMPLE_DOCUMENTS.png, { name: 'Rota.pdf', bytes: infectedPdf() }]);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toContain(`“Rota.pdf”: the virus scan found ${TEST_SIGNATURE}`);
    expect(refused.body.errors).toEqual([{ path: 'file', message: expect.stringContaining('Rota.pdf') }]);
    expect(await system.db.prisma.documentAttachment.count({ where: { subjectId: eoiId } })).toBe(before);

    const accepted = await upload(region.submitter, [SAMPLE_DOCUMENTS.png]);
    expect(accepted.status).toBe(201);
    expect(accepted.body.items[0].scanStatus).toBe('clean');
    expect((await region.reviewer.api.get(accepted.body.items[0].href)).status).toBe(200);
  });

  it('schedules the sweep every five minutes when a scanner is configured', async () => {
    const handle = system.client.schedule.getHandle(scanScheduleId(system.config.taskQueue));
    await handle.unpause();
    const description = await handle.describe();
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'documentScan' });
    const next = description.info.nextActionTimes;
    expect(next.length).toBeGreaterThanOrEqual(2);
    expect(next[1]!.getTime() - next[0]!.getTime()).toBe(5 * 60 * 1000);
  });
});
