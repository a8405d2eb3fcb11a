import { createHash, randomBytes } from 'node:crypto';
import type { ApiResponse } from '../support/api-client';
import { createUser, type RegionUser } from '../support/region';
import { formWith, SAMPLE_DOCUMENTS } from '../support/sample-documents';
import { startTestSystem, type TestSystem } from '../support/system';
import { inputValue, WebClient } from '../support/web-client';
import { signedInByEmailLink } from '../support/web-sign-in';

const MAX_BYTES = 64 * 1024;
const MAX_PER_ITEM = 3;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('evidence documents over HTTP: upload, refusal, download in and out of scope', () => {
  let system: TestSystem;
  let manager: RegionUser;
  let otherManager: RegionUser;
  let lead: RegionUser;
  let staff: RegionUser;
  let application: { id: string; criteria: { code: string }[] };
  let codes: string[];

  async function upload(
    user: RegionUser,
    path: string,
    files: Parameters<typeof formWith>[0],
    field?: string,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const response = await fetch(system.baseUrl + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, ...headers },
      body: formWith(files, field),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers, text };
  }
  const itemPath = (code: string) => `/api/spoke-applications/${application.id}/evidence/${code}/documents`;
  const download = (user: RegionUser, href: string) => fetch(system.baseUrl + href, { headers: { authorization: `Bearer ${user.token}` } });

  beforeAll(async () => {
    system = await startTestSystem({ documentLimits: { maxBytes: MAX_BYTES, maxPerItem: MAX_PER_ITEM } });
    const hub = (await system.admin.post('/api/hubs', { name: 'Bolton Training Hub', areas: ['Bolton'] })).body;
    const practice = async (name: string) =>
      (
        await system.admin.post('/api/practices', {
          name,
          odsCode: `P${randomBytes(3).toString('hex').toUpperCase()}`,
          isTrainingPractice: false,
        })
      ).body as { id: string };
    const ours = await practice('Farnworth Health Centre');
    const theirs = await practice('Kearsley Medical Practice');
    manager = await createUser(system, {
      name: 'Pam Manager',
      email: 'pam@farnworth.nhs.uk',
      role: 'practice_manager',
      practiceId: ours.id,
    });
    otherManager = await createUser(system, {
      name: 'Ken Other',
      email: 'ken@kearsley.nhs.uk',
      role: 'practice_manager',
      practiceId: theirs.id,
    });
    lead = await createUser(system, { name: 'Bea Lead', email: 'bea@bolton-hub.nhs.uk', role: 'hub_lead', hubId: hub.id });
    staff = await createUser(system, { name: 'Hugh Staff', email: 'hugh@hee.nhs.uk', role: 'hee_staff' });
    const person = { name: 'Ann Admin', email: 'ann@farnworth.nhs.uk' };
    const applied = await manager.api.post('/api/spoke-applications', {
      practiceId: ours.id,
      hubId: hub.id,
      administrator: person,
      educationalist: { name: 'Dr Eve', email: 'eve@farnworth.nhs.uk' },
    });
    expect(applied.status).toBe(201);
    application = applied.body;
    codes = application.criteria.map((c) => c.code);
    expect(codes.length).toBeGreaterThanOrEqual(5);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('accepts each allowed type, detected from the bytes, and lists them on the application', async () => {
    const samples = Object.values(SAMPLE_DOCUMENTS);
    const first = await upload(manager, itemPath(codes[0]!), samples.slice(0, 3));
    expect(first.status).toBe(201);
    const second = await upload(manager, itemPath(codes[1]!), samples.slice(3));
    expect(second.status).toBe(201);
    const attached = [...first.body.items, ...second.body.items];
    expect(attached.map((d: { mediaType: string }) => d.mediaType)).toEqual(samples.map((s) => s.type));
    expect(attached.map((d: { sha256: string }) => d.sha256)).toEqual(samples.map((s) => sha256(s.bytes)));
    expect(attached[0]).toMatchObject({
      fileName: 'Teaching plan.pdf',
      size: SAMPLE_DOCUMENTS.pdf.bytes.length,
      round: 1,
      uploadedBy: { userId: manager.id, name: 'Pam Manager' },
    });

    const record = await manager.api.get(`/api/spoke-applications/${application.id}`);
    const documentsOf = (code: string) =>
      record.body.evidence.find((e: { criterionCode: string }) => e.criterionCode === code).documents.map((d: { id: string }) => d.id);
    expect(documentsOf(codes[0]!)).toEqual(first.body.items.map((d: { id: string }) => d.id));
    expect(documentsOf(codes[1]!)).toEqual(second.body.items.map((d: { id: string }) => d.id));
    expect(documentsOf(codes[2]!)).toEqual([]);

    const audited = await system.db.prisma.auditEvent.findMany({ where: { subjectId: application.id, action: 'document.attached' } });
    expect(audited.map((a) => (a.after as { documentId: string }).documentId).sort()).toEqual(attached.map((d) => d.id).sort());
    expect(audited[0]).toMatchObject({ actorId: manager.id, actorRole: 'practice_manager', subjectType: 'spoke_application' });
  });

  it('serves a document as an attachment to those in scope, with the stored type and the same bytes; 404 to another practice', async () => {
    const sent = await upload(manager, itemPath(codes[2]!), [{ ...SAMPLE_DOCUMENTS.pdf, name: '../../etc/<script>plan.pdf' }]);
    expect(sent.status).toBe(201);
    const document = sent.body.items[0];
    expect(document.fileName).toBe('script_plan.pdf');
    for (const reader of [manager, lead, staff]) {
      const response = await download(reader, document.href);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename=script_plan.pdf');
      expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(document.sha256);
    }
    const outside = await download(otherManager, document.href);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({ detail: 'Document not found' });
    expect((await download(manager, '/api/documents/doc_nosuchdocument')).status).toBe(404);
    // Nor may another practice attach to this application.
    expect((await upload(otherManager, itemPath(codes[2]!), [SAMPLE_DOCUMENTS.png])).status).toBe(404);
  });

  it('stores the same bytes once however often they are attached', async () => {
    const again = await upload(manager, itemPath(codes[2]!), [{ ...SAMPLE_DOCUMENTS.pdf, name: 'copy.pdf' }]);
    expect(again.status).toBe(201);
    const hash = sha256(SAMPLE_DOCUMENTS.pdf.bytes);
    expect(await system.db.prisma.documentAttachment.count({ where: { sha256: hash } })).toBe(3);
    expect(await system.db.prisma.documentContent.count({ where: { sha256: hash } })).toBe(1);
  });

  it('refuses a file that is not what its name says, one too large, an empty one and too many, naming each; nothing is stored', async () => {
    const before = await system.db.prisma.documentAttachment.count();
    const contentsBefore = await system.db.prisma.documentContent.count();

    const renamed = await upload(manager, itemPath(codes[0]!), [
      SAMPLE_DOCUMENTS.png,
      { name: 'policy.pdf', bytes: Buffer.from('Just some text, not a PDF at all.\n'), type: 'application/pdf' },
    ]);
    expect(renamed.status).toBe(415);
    expect(renamed.headers.get('content-type')).toContain('application/problem+json');
    expect(renamed.body.errors).toEqual([
      { path: 'file', message: expect.stringMatching(/^“policy\.pdf”: the file is not a PDF, .* or JPEG file/) },
    ]);

    const big = Buffer.concat([SAMPLE_DOCUMENTS.pdf.bytes, Buffer.alloc(MAX_BYTES)]);
    const oversize = await upload(manager, itemPath(codes[0]!), [{ name: 'huge scan.pdf', bytes: big }]);
    expect(oversize.status).toBe(413);
    expect(oversize.body.detail).toBe('Not attached: “huge scan.pdf”: the file is larger than 64 kB');

    const empty = await upload(manager, itemPath(codes[0]!), [{ name: 'blank.pdf', bytes: Buffer.alloc(0) }]);
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ path: 'file', message: '“blank.pdf”: the file is empty' }]);

    // codes[0] has 3 files (the limit) in round 1.
    const tooMany = await upload(manager, itemPath(codes[0]!), [SAMPLE_DOCUMENTS.jpeg]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.detail).toContain(`at most ${MAX_PER_ITEM} files in a round; it has 3, so no more can be added`);
    const tooManyAtOnce = await upload(manager, itemPath(codes[3] ?? codes[2]!), Array(MAX_PER_ITEM + 1).fill(SAMPLE_DOCUMENTS.png));
    expect(tooManyAtOnce.status).toBe(400);

    const noFile = await manager.api.post(itemPath(codes[0]!), { file: 'x' });
    expect(noFile.status).toBe(415);
    const wrongField = await upload(manager, itemPath(codes[1]!), [SAMPLE_DOCUMENTS.png], 'attachment');
    expect(wrongField.status).toBe(400);
    expect((await upload(manager, itemPath('NOPE'), [SAMPLE_DOCUMENTS.png])).status).toBe(404);
    expect((await upload(lead, itemPath(codes[1]!), [SAMPLE_DOCUMENTS.png])).status).toBe(403);

    expect(await system.db.prisma.documentAttachment.count()).toBe(before);
    expect(await system.db.prisma.documentContent.count()).toBe(contentsBefore);
  });

  const removal = (user: RegionUser, code: string, documentId: string) => user.api.delete(`${itemPath(code)}/${documentId}`);
  const listed = async (code: string) =>
    (await manager.api.get(`/api/spoke-applications/${application.id}`)).body.evidence
      .find((e: { criterionCode: string }) => e.criterionCode === code)
      .documents.map((d: { id: string }) => d.id);

  it('removes a file of the current round for the practice only: hidden, kept as the record, audited, its bytes gone', async () => {
    const code = codes[3]!;
    const unique = { name: 'wrong rota.png', bytes: Buffer.concat([SAMPLE_DOCUMENTS.png.bytes, randomBytes(32)]) };
    const sent = await upload(manager, itemPath(code), [unique, { ...SAMPLE_DOCUMENTS.jpeg, name: 'right rota.jpeg' }]);
    expect(sent.status).toBe(201);
    const [wrong, right] = sent.body.items as { id: string; sha256: string; href: string }[];

    expect((await removal(otherManager, code, wrong!.id)).status).toBe(404);
    expect((await removal(lead, code, wrong!.id)).status).toBe(403);
    expect((await removal(manager, codes[0]!, wrong!.id)).status).toBe(404); // not that item's file
    expect((await removal(manager, code, 'doc_nosuchdocument')).status).toBe(404);
    expect(await listed(code)).toEqual([wrong!.id, right!.id]);

    const removed = await removal(manager, code, wrong!.id);
    expect(removed.status).toBe(204);
    expect(await listed(code)).toEqual([right!.id]);
    expect((await download(manager, wrong!.href)).status).toBe(404);
    expect((await download(manager, right!.href)).status).toBe(200);
    expect(await system.db.prisma.documentContent.count({ where: { sha256: wrong!.sha256 } })).toBe(0);
    // The row stays as the record: who removed it.
    expect(await system.db.prisma.documentAttachment.findUnique({ where: { id: wrong!.id } })).toMatchObject({
      fileName: 'wrong rota.png',
      removedById: manager.id,
      removedByName: 'Pam Manager',
      removedAt: expect.any(Date),
    });
    const audited = await system.db.prisma.auditEvent.findMany({ where: { subjectId: application.id, action: 'document.removed' } });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      actorId: manager.id,
      actorRole: 'practice_manager',
      before: { documentId: wrong!.id, criterionCode: code, round: 1, fileName: 'wrong rota.png', sha256: wrong!.sha256 },
      after: { contentDeleted: true },
    });
    // Removed already: gone.
    expect((await removal(manager, code, wrong!.id)).status).toBe(404);
  });

  it('keeps the bytes of a removed file while another attachment refers to the same content', async () => {
    const hash = sha256(SAMPLE_DOCUMENTS.pdf.bytes);
    const copies = await system.db.prisma.documentAttachment.findMany({ where: { sha256: hash, itemKey: codes[2]!, removedAt: null } });
    expect(copies.length).toBe(2);
    expect((await removal(manager, codes[2]!, copies[0]!.id)).status).toBe(204);
    expect(await system.db.prisma.documentContent.count({ where: { sha256: hash } })).toBe(1);
    const kept = await download(manager, `/api/documents/${copies[1]!.id}`);
    expect(sha256(new Uint8Array(await kept.arrayBuffer()))).toBe(hash);
    const audited = await system.db.prisma.auditEvent.findFirst({
      where: { subjectId: application.id, action: 'document.removed', before: { path: ['documentId'], equals: copies[0]!.id } },
    });
    expect(audited?.after).toMatchObject({ contentDeleted: false });
  });

  it('attaches a retried upload with the same Idempotency-Key once, answering as the first did; other files under the key are refused', async () => {
    const code = codes[3]!;
    const keyed = { 'Idempotency-Key': 'upload-policy-1' };
    const policy = { name: 'Policy.png', bytes: Buffer.concat([SAMPLE_DOCUMENTS.png.bytes, randomBytes(32)]) };
    const before = (await listed(code)).length;
    const first = await upload(manager, itemPath(code), [policy], undefined, keyed);
    expect(first.status).toBe(201);
    const again = await upload(manager, itemPath(code), [policy], undefined, keyed);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    // The first answer lost after the files were stored (the API crashed before remembering it):
    // the retry finds the rows its key names instead of attaching the files again.
    await system.db.prisma.idempotencyRecord.deleteMany({ where: { userId: manager.id, key: 'upload-policy-1' } });
    const afterCrash = await upload(manager, itemPath(code), [policy], undefined, keyed);
    expect(afterCrash.status).toBe(201);
    expect(afterCrash.body.items.map((d: { id: string }) => d.id)).toEqual(first.body.items.map((d: { id: string }) => d.id));
    expect((await listed(code)).length).toBe(before + 1);
    expect(
      await system.db.prisma.auditEvent.count({
        where: { subjectId: application.id, action: 'document.attached', after: { path: ['documentId'], equals: first.body.items[0].id } },
      }),
    ).toBe(1);

    const otherFile = await upload(manager, itemPath(code), [SAMPLE_DOCUMENTS.jpeg], undefined, keyed);
    expect(otherFile.status).toBe(409);
    expect(otherFile.body.errors).toEqual([{ path: 'headers.Idempotency-Key', message: 'already used with a different request' }]);
    expect((await listed(code)).length).toBe(before + 1);
  });

  const signedIn = (email: string) => signedInByEmailLink(system, email);

  /** The evidence answer form, as a browser without JavaScript sends it: CSRF token first, then the fields, then the files. */
  async function answerWithFiles(browser: WebClient, code: string, statement: string, files: Parameters<typeof formWith>[0]) {
    const path = `/spoke-applications/${application.id}/evidence/${code}`;
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    const form = new FormData();
    form.append('_csrf', inputValue(page.text, '_csrf')!);
    form.append('statement', statement);
    form.append('documentUrl', '');
    for (const file of files.length ? files : [{ name: '', bytes: new Uint8Array(0) }]) {
      form.append('file', new Blob([file.bytes], { type: 'application/octet-stream' }), file.name);
    }
    return browser.postMultipart(path, form);
  }

  it('attaches files from the evidence page without JavaScript, lists them with download links, and shows a refusal on the form', async () => {
    const code = codes[4]!;
    const browser = await signedIn('pam@farnworth.nhs.uk');
    // No file chosen: the browser's empty part is not a file.
    expect((await answerWithFiles(browser, code, 'Our induction pack.', [])).status).toBe(303);
    const saved = await answerWithFiles(browser, code, 'Our induction pack.', [SAMPLE_DOCUMENTS.odt]);
    expect(saved.status).toBe(303);
    const stored = await system.db.prisma.documentAttachment.findMany({ where: { subjectId: application.id, itemKey: code } });
    expect(stored.map((d) => [d.fileName, d.mediaType, d.sha256])).toEqual([
      ['Induction.odt', SAMPLE_DOCUMENTS.odt.type, sha256(SAMPLE_DOCUMENTS.odt.bytes)],
    ]);

    const record = await browser.get(`/spoke-applications/${application.id}`);
    expect(record.text).toContain(`href="/documents/${stored[0]!.id}"`);
    const downloaded = await browser.get(`/documents/${stored[0]!.id}`);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-disposition')).toBe('attachment; filename=Induction.odt');
    expect(downloaded.headers.get('x-content-type-options')).toBe('nosniff');
    expect(downloaded.headers.get('content-type')).toBe(SAMPLE_DOCUMENTS.odt.type);

    const wrongType = await answerWithFiles(browser, code, 'Our induction pack.', [
      { name: 'notes.pdf', bytes: Buffer.from('plain text') },
    ]);
    expect(wrongType.status).toBe(415);
    expect(wrongType.text).toContain('nhsuk-error-summary');
    expect(wrongType.text).toContain('“notes.pdf”: the file is not a PDF');
    const tooLarge = await answerWithFiles(browser, code, 'Our induction pack.', [
      { name: 'big.pdf', bytes: Buffer.concat([SAMPLE_DOCUMENTS.pdf.bytes, Buffer.alloc(MAX_BYTES)]) },
    ]);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain('“big.pdf”: the file is larger than 64 kB');
    expect(await system.db.prisma.documentAttachment.count({ where: { subjectId: application.id, itemKey: code } })).toBe(1);

    // Another practice's manager gets "not found" for the page download too.
    const other = await signedIn('ken@kearsley.nhs.uk');
    expect((await other.get(`/documents/${stored[0]!.id}`)).status).toBe(404);

    // Remove, as a plain form post: the page says which file went, and lists it no more.
    const answer = await browser.get(`/spoke-applications/${application.id}/evidence/${code}`);
    const action = `/spoke-applications/${application.id}/evidence/${code}/documents/${stored[0]!.id}/removal`;
    expect(answer.text).toContain(`action="${action}"`);
    expect(answer.text).toContain('Remove<span class="nhsuk-u-visually-hidden"> Induction.odt</span>');
    const removed = await browser.post(action, { _csrf: inputValue(answer.text, '_csrf')! });
    expect(removed.status).toBe(303);
    expect(removed.location).toMatch(new RegExp(`/evidence/${code}\\?removed=${stored[0]!.id}$`));
    const after = await browser.follow(removed);
    expect(after.text).toContain('“Induction.odt” was removed');
    expect(after.text).not.toContain(`href="/documents/${stored[0]!.id}"`);
    expect((await browser.get(`/documents/${stored[0]!.id}`)).status).toBe(404);
  });

  it('keeps the earlier round’s files when a rejected item is resubmitted, and takes none while the hub reviews', async () => {
    const submitted = await manager.api.post(`/api/spoke-applications/${application.id}/evidence`, {
      items: codes.map((code) => ({ criterionCode: code, statement: `How we meet ${code}` })),
    });
    expect(submitted.body.status).toBe('UNDER_HUB_REVIEW');
    const duringReview = await upload(manager, itemPath(codes[0]!), [SAMPLE_DOCUMENTS.png]);
    expect(duringReview.status).toBe(409);

    const reviewed = await lead.api.post(`/api/spoke-applications/${application.id}/evidence-review`, {
      items: codes.map((code, i) =>
        i === 0
          ? { criterionCode: code, decision: 'reject', comment: 'Add this year’s plan.' }
          : { criterionCode: code, decision: 'accept', comment: 'Good' },
      ),
    });
    expect(reviewed.body).toMatchObject({ status: 'EVIDENCE_CHANGES_REQUESTED' });
    const accepted = await upload(manager, itemPath(codes[1]!), [SAMPLE_DOCUMENTS.png]);
    expect(accepted.status).toBe(409);

    // A new round: the count starts again and the round-1 files stay.
    const resent = await upload(manager, itemPath(codes[0]!), [{ ...SAMPLE_DOCUMENTS.docx, name: 'Plan 2027.docx' }]);
    expect(resent.status).toBe(201);
    expect(resent.body.items[0].round).toBe(2);
    const record = await lead.api.get(`/api/spoke-applications/${application.id}`);
    const item = record.body.evidence.find((e: { criterionCode: string }) => e.criterionCode === codes[0]);
    expect(item.documents.map((d: { round: number; fileName: string }) => [d.round, d.fileName])).toEqual([
      [1, 'Teaching plan.pdf'],
      [1, 'timetable.png'],
      [1, 'rota.jpeg'],
      [2, 'Plan 2027.docx'],
    ]);

    // Round 1 was reviewed: its files are the record. An accepted item's files cannot change.
    const roundOne = item.documents[0];
    const earlier = await removal(manager, codes[0]!, roundOne.id);
    expect(earlier.status).toBe(409);
    expect(earlier.body.detail).toBe(
      'Cannot remove “Teaching plan.pdf”: the file belongs to review round 1, which the hub has reviewed: files of earlier rounds are the record and stay',
    );
    const acceptedFile = (await listed(codes[1]!))[0];
    const ofAccepted = await removal(manager, codes[1]!, acceptedFile);
    expect(ofAccepted.status).toBe(409);
    expect(ofAccepted.body.detail).toMatch(/is already accepted: its files cannot change$/);
    // The page shows the same refusal in its error summary, and no Remove button for round 1.
    const browser = await signedIn('pam@farnworth.nhs.uk');
    const answer = await browser.get(`/spoke-applications/${application.id}/evidence/${codes[0]}`);
    expect(answer.text).not.toContain(`/documents/${roundOne.id}/removal`);
    const refused = await browser.post(`/spoke-applications/${application.id}/evidence/${codes[0]}/documents/${roundOne.id}/removal`, {
      _csrf: inputValue(answer.text, '_csrf')!,
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('nhsuk-error-summary');
    expect(refused.text).toContain('files of earlier rounds are the record and stay');

    // The round-2 file can go; once the item is sent for review again, nothing can.
    const roundTwo = item.documents[3];
    expect((await removal(manager, codes[0]!, roundTwo.id)).status).toBe(204);
    const replacement = await upload(manager, itemPath(codes[0]!), [{ ...SAMPLE_DOCUMENTS.xlsx, name: 'Plan 2027.xlsx' }]);
    expect(replacement.body.items[0].round).toBe(2);
    const resubmitted = await manager.api.post(`/api/spoke-applications/${application.id}/evidence`, {
      items: [{ criterionCode: codes[0], statement: 'The plan for 2027' }],
    });
    expect(resubmitted.body.status).toBe('UNDER_HUB_REVIEW');
    const whileReviewed = await removal(manager, codes[0]!, replacement.body.items[0].id);
    expect(whileReviewed.status).toBe(409);
    expect(whileReviewed.body.detail).toBe(
      'Cannot remove “Plan 2027.xlsx”: the evidence cannot change while the application is UNDER_HUB_REVIEW',
    );
    expect(await listed(codes[0]!)).toEqual([...item.documents.slice(0, 3).map((d: { id: string }) => d.id), replacement.body.items[0].id]);
  });
});
