/**
 * An EOI's supporting documents over HTTP and on its pages: the organisation attaches files
 * (checked by their bytes, refused with the file named, nothing stored), everyone who may read
 * the EOI lists and downloads them, nobody else (404); a file can be removed only in the stage it
 * was attached in, and none changes once the EOI is closed; retention deletes a withdrawn EOI's
 * files two years after it closed.
 */
import { runRetention, uploadFiles } from '../support/documents';
import { createHash, randomBytes } from 'node:crypto';
import { addDuration } from '../../domain/time';
import { createRegion, eoiBody, type Region, type RegionUser } from '../support/region';
import { SAMPLE_DOCUMENTS } from '../support/sample-documents';
import { startTestSystem, type TestSystem } from '../support/system';
import { inputValue } from '../support/web-client';
import { signedInByEmailLink } from '../support/web-sign-in';

const MAX_PER_EOI = 3;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('supporting documents of an EOI', () => {
  let system: TestSystem;
  let region: Region;

  beforeAll(async () => {
    system = await startTestSystem({ documentLimits: { maxBytes: 64 * 1024, maxPerItem: MAX_PER_EOI } });
    region = await createRegion(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const upload = (user: RegionUser, eoiId: string, files: Parameters<typeof uploadFiles>[3]) =>
    uploadFiles(system, user, `/api/eois/${eoiId}/documents`, files);
  const download = (user: RegionUser, href: string) => fetch(system.baseUrl + href, { headers: { authorization: `Bearer ${user.token}` } });
  const newEoi = async () => {
    const sent = await region.submitter.api.post('/api/eois', eoiBody(region));
    expect(sent.status).toBe(201);
    return sent.body.id as string;
  };
  const countOn = (eoiId: string) => system.db.prisma.documentAttachment.count({ where: { subjectType: 'eoi', subjectId: eoiId } });

  it('attaches files from the organisation, readable by everyone in scope and nobody else', async () => {
    const { submitter, otherSubmitter, reviewer, otherReviewer, staff } = region;
    const eoiId = await newEoi();
    const attached = await upload(submitter, eoiId, [SAMPLE_DOCUMENTS.pdf, SAMPLE_DOCUMENTS.docx]);
    expect(attached.status).toBe(201);
    expect(
      attached.body.items.map((d: { fileName: string; mediaType: string; round: number }) => [d.fileName, d.mediaType, d.round]),
    ).toEqual([
      ['Teaching plan.pdf', SAMPLE_DOCUMENTS.pdf.type, 1],
      ['Supervision policy.docx', SAMPLE_DOCUMENTS.docx.type, 1],
    ]);

    const listed = await reviewer.api.get(`/api/eois/${eoiId}/documents`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual(attached.body.items.map((d: { id: string }) => d.id));
    const href = attached.body.items[0].href as string;
    for (const reader of [submitter, reviewer, staff]) {
      const file = await download(reader, href);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toBe('attachment; filename="Teaching plan.pdf"');
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(sha256(SAMPLE_DOCUMENTS.pdf.bytes));
    }
    // Another organisation and another university: not found, for the list and the file.
    for (const outsider of [otherSubmitter, otherReviewer]) {
      expect((await download(outsider, href)).status).toBe(404);
      expect((await outsider.api.get(`/api/eois/${eoiId}/documents`)).status).toBe(404);
    }
    // Only the organisation attaches.
    expect((await upload(reviewer, eoiId, [SAMPLE_DOCUMENTS.png])).status).toBe(403);
    expect((await upload(otherSubmitter, eoiId, [SAMPLE_DOCUMENTS.png])).status).toBe(404);

    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: eoiId, action: 'document.attached' } });
    expect(audit.map((a) => (a.after as { fileName: string }).fileName).sort()).toEqual(['Supervision policy.docx', 'Teaching plan.pdf']);
  });

  it('refuses a file that is not what its name says, an empty one and too many, naming the file; nothing is stored', async () => {
    const { submitter } = region;
    const eoiId = await newEoi();
    const renamed = await upload(submitter, eoiId, [SAMPLE_DOCUMENTS.png, { name: 'business case.pdf', bytes: Buffer.from('not a pdf') }]);
    expect(renamed.status).toBe(415);
    expect(renamed.headers.get('content-type')).toContain('application/problem+json');
    expect(renamed.body.detail).toContain('“business case.pdf”: the file is not a PDF');
    expect(renamed.body.errors).toEqual([{ path: 'file', message: expect.stringContaining('business case.pdf') }]);
    const empty = await upload(submitter, eoiId, [{ name: 'blank.pdf', bytes: new Uint8Array(0) }]);
    expect(empty.status).toBe(400);
    expect(empty.body.detail).toContain('“blank.pdf”: the file is empty');
    expect(await countOn(eoiId)).toBe(0);

    expect((await upload(submitter, eoiId, [SAMPLE_DOCUMENTS.pdf, SAMPLE_DOCUMENTS.png])).status).toBe(201);
    const tooMany = await upload(submitter, eoiId, [SAMPLE_DOCUMENTS.jpeg, SAMPLE_DOCUMENTS.odt]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.detail).toContain(`an EOI may have at most ${MAX_PER_EOI} supporting documents; it has 2, so at most 1 more`);
    expect(await countOn(eoiId)).toBe(2);
  });

  it('removes a file only in the stage it was attached in; a closed EOI’s files never change', async () => {
    const { submitter, reviewer } = region;
    const eoiId = await newEoi();
    const [early] = (await upload(submitter, eoiId, [SAMPLE_DOCUMENTS.pdf])).body.items;
    const [mistake] = (await upload(submitter, eoiId, [SAMPLE_DOCUMENTS.png])).body.items;
    expect((await submitter.api.delete(`/api/eois/${eoiId}/documents/${mistake.id}`)).status).toBe(204);
    expect((await download(submitter, mistake.href)).status).toBe(404);
    expect((await submitter.api.delete(`/api/eois/${eoiId}/documents/${mistake.id}`)).status).toBe(404);

    expect((await reviewer.api.post(`/api/eois/${eoiId}/review`, { decision: 'support', comment: 'Strong case' })).status).toBe(200);
    // The university saw the first file: it stays.
    const refused = await submitter.api.delete(`/api/eois/${eoiId}/documents/${early.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('attached before the EOI’s current stage');
    // A file attached at this stage can still go.
    const [later] = (await upload(submitter, eoiId, [SAMPLE_DOCUMENTS.jpeg])).body.items;
    expect((await submitter.api.delete(`/api/eois/${eoiId}/documents/${later.id}`)).status).toBe(204);

    expect((await submitter.api.post(`/api/eois/${eoiId}/withdrawal`, { reason: 'The post was not approved' })).body.status).toBe(
      'WITHDRAWN',
    );
    const closed = await upload(submitter, eoiId, [SAMPLE_DOCUMENTS.xlsx]);
    expect(closed.status).toBe(409);
    expect(closed.body.detail).toContain('WITHDRAWN');
    expect((await reviewer.api.get(`/api/eois/${eoiId}/documents`)).body.items.map((d: { id: string }) => d.id)).toEqual([early.id]);
    const removals = await system.db.prisma.auditEvent.count({ where: { subjectId: eoiId, action: 'document.removed' } });
    expect(removals).toBe(2);
  });

  it('attaches and removes on the EOI’s pages without JavaScript, showing a refusal on the form', async () => {
    const eoiId = await newEoi();
    const browser = await signedInByEmailLink(system, region.submitter.email);
    const record = await browser.get(`/eois/${eoiId}`);
    expect(record.text).toContain('No supporting documents are attached.');
    expect(record.text).toContain(`href="/eois/${eoiId}/documents"`);

    const path = `/eois/${eoiId}/documents`;
    const post = async (files: { name: string; bytes: Uint8Array }[]) => {
      const page = await browser.get(path);
      expect(page.status).toBe(200);
      const form = new FormData();
      form.append('_csrf', inputValue(page.text, '_csrf')!);
      for (const file of files) form.append('file', new Blob([file.bytes], { type: 'application/octet-stream' }), file.name);
      return browser.postMultipart(path, form);
    };
    const wrong = await post([{ name: 'job description.pdf', bytes: Buffer.from('plain text') }]);
    expect(wrong.status).toBe(415);
    expect(wrong.text).toContain('nhsuk-error-summary');
    expect(wrong.text).toContain('“job description.pdf”: the file is not a PDF');
    const none = await post([{ name: '', bytes: new Uint8Array(0) }]);
    expect(none.status).toBe(400);
    expect(none.text).toContain('Choose at least one file to attach');

    const attached = await post([SAMPLE_DOCUMENTS.odt]);
    expect(attached.status).toBe(303);
    const [stored] = await system.db.prisma.documentAttachment.findMany({ where: { subjectType: 'eoi', subjectId: eoiId } });
    const shown = await browser.follow(attached);
    expect(shown.text).toContain('Supporting documents attached');
    expect(shown.text).toContain(`href="/documents/${stored!.id}"`);
    const file = await browser.get(`/documents/${stored!.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(SAMPLE_DOCUMENTS.odt.type);

    // The university reviewer sees the file on the EOI's page, but no way to change it.
    const university = await signedInByEmailLink(system, region.reviewer.email);
    const theirs = await university.get(`/eois/${eoiId}`);
    expect(theirs.text).toContain(`href="/documents/${stored!.id}"`);
    expect(theirs.text).not.toContain(`href="/eois/${eoiId}/documents"`);
    expect((await university.get(path)).status).toBe(403);

    const page = await browser.get(path);
    const action = `/eois/${eoiId}/documents/${stored!.id}/removal`;
    expect(page.text).toContain(`action="${action}"`);
    const removed = await browser.post(action, { _csrf: inputValue(page.text, '_csrf')! });
    expect(removed.status).toBe(303);
    const after = await browser.follow(removed);
    expect(after.text).toContain(`“${stored!.fileName}” was removed`);
    expect(after.text).not.toContain(`href="/documents/${stored!.id}"`);
  });

  it('deletes a withdrawn EOI’s files two years after it closed, audited once', async () => {
    const { submitter } = region;
    const eoiId = await newEoi();
    const bytes = Buffer.concat([SAMPLE_DOCUMENTS.pdf.bytes, randomBytes(32)]);
    expect((await upload(submitter, eoiId, [{ name: 'case.pdf', bytes }])).status).toBe(201);
    const withdrawn = await submitter.api.post(`/api/eois/${eoiId}/withdrawal`, { reason: 'Funding found elsewhere' });
    const cutOff = addDuration(new Date(withdrawn.body.history.at(-1).at), 'P2Y');
    const run = (asOf: Date) => runRetention(system, asOf);
    expect((await run(new Date(cutOff.getTime() - 1))).deleted.filter((d) => d.applicationId === eoiId)).toEqual([]);
    const due = await run(cutOff);
    expect(due.deleted.filter((d) => d.applicationId === eoiId)).toEqual([
      { subjectType: 'eoi', applicationId: eoiId, count: 1, sha256: [sha256(bytes)], contentDeleted: [sha256(bytes)] },
    ]);
    expect(await countOn(eoiId)).toBe(0);
    expect(await system.db.prisma.auditEvent.count({ where: { subjectId: eoiId, action: 'documents.deleted_by_retention' } })).toBe(1);
  });
});
