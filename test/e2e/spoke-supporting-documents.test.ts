/**
 * A spoke application's supporting documents (beside the evidence) over HTTP and on its pages: the
 * practice manager attaches files, the hub and regional staff read them, another practice gets
 * 404; a file can be removed only in the stage it was attached in; none changes once the
 * application is closed.
 */
import { uploadFiles } from '../support/documents';
import { createHash } from 'node:crypto';
import { createUser, type RegionUser } from '../support/region';
import { SAMPLE_DOCUMENTS } from '../support/sample-documents';
import { createSpokeApplicant, type SpokeApplicant } from '../support/spoke-applicant';
import { startTestSystem, type TestSystem } from '../support/system';
import { inputValue } from '../support/web-client';
import { signedInByEmailLink } from '../support/web-sign-in';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('supporting documents of a spoke application', () => {
  let system: TestSystem;
  let ours: SpokeApplicant;
  let theirs: SpokeApplicant;
  let lead: RegionUser;
  let staff: RegionUser;

  beforeAll(async () => {
    system = await startTestSystem();
    ours = await createSpokeApplicant(system, {
      practiceName: 'Halliwell Surgery',
      manager: { name: 'Hal Manager', email: 'hal@halliwell.nhs.uk' },
    });
    theirs = await createSpokeApplicant(system, {
      practiceName: 'Tonge Moor Practice',
      hubId: ours.hubId,
      manager: { name: 'Tom Other', email: 'tom@tonge.nhs.uk' },
    });
    lead = await createUser(system, { name: 'Lia Lead', email: 'lia@bolton-hub.nhs.uk', role: 'hub_lead', hubId: ours.hubId });
    staff = await createUser(system, { name: 'Sid Staff', email: 'sid@hee.nhs.uk', role: 'hee_staff' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const base = () => `/api/spoke-applications/${ours.application.id}/documents`;
  const upload = (user: RegionUser, files: Parameters<typeof uploadFiles>[3]) => uploadFiles(system, user, base(), files);
  const download = (user: RegionUser, href: string) => fetch(system.baseUrl + href, { headers: { authorization: `Bearer ${user.token}` } });

  it('attaches files from the practice, readable by its hub and regional staff and by no other practice', async () => {
    const attached = await upload(ours.manager, [SAMPLE_DOCUMENTS.pdf]);
    expect(attached.status).toBe(201);
    const [document] = attached.body.items as { id: string; href: string; round: number }[];
    expect(document!.round).toBe(1);
    for (const reader of [ours.manager, lead, staff]) {
      const file = await download(reader, document!.href);
      expect(file.status).toBe(200);
      expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(sha256(SAMPLE_DOCUMENTS.pdf.bytes));
    }
    expect((await lead.api.get(base())).body.items.map((d: { id: string }) => d.id)).toEqual([document!.id]);
    expect((await download(theirs.manager, document!.href)).status).toBe(404);
    expect((await theirs.manager.api.get(base())).status).toBe(404);
    expect((await upload(lead, [SAMPLE_DOCUMENTS.png])).status).toBe(403);
    expect((await upload(theirs.manager, [SAMPLE_DOCUMENTS.png])).status).toBe(404);
    // Not an evidence item's file: the application's evidence lists none.
    const view = (await ours.manager.api.get(`/api/spoke-applications/${ours.application.id}`)).body;
    expect(view.evidence.flatMap((item: { documents?: unknown[] }) => item.documents ?? [])).toEqual([]);
  });

  it('attaches and removes on the pages; a file attached before the current stage stays; a closed application takes none', async () => {
    const browser = await signedInByEmailLink(system, ours.manager.email);
    const id = ours.application.id;
    const record = await browser.get(`/spoke-applications/${id}`);
    expect(record.text).toContain(`href="/spoke-applications/${id}/documents"`);
    const path = `/spoke-applications/${id}/documents`;
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    const form = new FormData();
    form.append('_csrf', inputValue(page.text, '_csrf')!);
    form.append('file', new Blob([SAMPLE_DOCUMENTS.docx.bytes]), 'Training policy.docx');
    const attached = await browser.postMultipart(path, form);
    expect(attached.status).toBe(303);
    const shown = await browser.follow(attached);
    expect(shown.text).toContain('Supporting documents attached');
    const rows = await system.db.prisma.documentAttachment.findMany({
      where: { subjectId: id, itemKey: 'supporting', removedAt: null },
      orderBy: { uploadedAt: 'asc' },
    });
    const policy = rows.find((r) => r.fileName === 'Training policy.docx')!;
    expect(shown.text).toContain(`href="/documents/${policy.id}"`);

    const listed = await browser.get(path);
    const action = `/spoke-applications/${id}/documents/${policy.id}/removal`;
    expect(listed.text).toContain(`action="${action}"`);
    const removed = await browser.post(action, { _csrf: inputValue(listed.text, '_csrf')! });
    expect(removed.status).toBe(303);
    expect((await browser.follow(removed)).text).toContain('“Training policy.docx” was removed');

    // The evidence sent: the application moved on, so the first test's file stays.
    const codes = ours.application.criteria.map((c) => c.code);
    const sent = await ours.manager.api.post(`/api/spoke-applications/${id}/evidence`, {
      items: codes.map((criterionCode) => ({ criterionCode, statement: `How we meet ${criterionCode}` })),
    });
    expect(sent.body.status).toBe('UNDER_HUB_REVIEW');
    const first = rows.find((r) => r.fileName !== 'Training policy.docx')!;
    const refused = await ours.manager.api.delete(`${base()}/${first.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('attached before the application’s current stage');

    const withdrawn = await staff.api.post(`/api/spoke-applications/${id}/withdrawal`, { reason: 'The practice merged' });
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    const closed = await upload(ours.manager, [SAMPLE_DOCUMENTS.png]);
    expect(closed.status).toBe(409);
    expect(closed.body.detail).toContain('WITHDRAWN');
    expect((await browser.get(`/spoke-applications/${id}`)).text).not.toContain(`href="/spoke-applications/${id}/documents"`);
  });
});
