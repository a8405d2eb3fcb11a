/**
 * The Learning and Development Agreement as a signed document, over HTTP against the real system:
 * the unsigned PDF once HEE approved; the practice's signature stored by its commit as a signed PDF
 * whose signature page (read back with a PDF library) names the signer and the hash of the
 * unsigned agreement; HEE staff's weekly reminder and countersignature, once; downloads only in
 * scope; the audit trail;
 * and retention: six years after the accreditation ended, the signed versions go with the record.
 */
import { runRetention } from '../support/documents';
import { createHash, randomBytes } from 'node:crypto';
import { addDuration } from '../../domain/time';
import type { DocumentRetentionResult } from '../../workflows/activities';
import { createUser, type RegionUser } from '../support/region';
import { pdfPages } from '../support/pdf-text';
import { createSpokeApplicant, type SpokeApplicant } from '../support/spoke-applicant';
import { startTestSystem, type TestSystem } from '../support/system';
import { inputValue } from '../support/web-client';
import { signedInByEmailLink } from '../support/web-sign-in';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the signed Learning and Development Agreement', () => {
  let system: TestSystem;
  let manager: RegionUser;
  let otherManager: RegionUser;
  let lead: RegionUser;
  let staff: RegionUser;
  let applicationId: string;
  let hubId: string;
  let theirs: SpokeApplicant;

  const get = (user: RegionUser, path: string) => fetch(system.baseUrl + path, { headers: { authorization: `Bearer ${user.token}` } });
  const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

  beforeAll(async () => {
    system = await startTestSystem();
    const ours = await createSpokeApplicant(system, {
      practiceName: 'Farnworth Health Centre',
      manager: { name: 'Pam Manager', email: 'pam@farnworth.nhs.uk' },
    });
    hubId = ours.hubId;
    manager = ours.manager;
    applicationId = ours.application.id;
    theirs = await createSpokeApplicant(system, {
      practiceName: 'Kearsley Medical Practice',
      hubId,
      manager: { name: 'Ken Other', email: 'ken@kearsley.nhs.uk' },
    });
    otherManager = theirs.manager;
    lead = await createUser(system, { name: 'Bea Lead', email: 'bea@bolton-hub.nhs.uk', role: 'hub_lead', hubId });
    staff = await createUser(system, { name: 'Hugh Staff', email: 'hugh@hee.nhs.uk', role: 'hee_staff' });
    const codes = ours.application.criteria.map((c) => c.code);
    const path = (action: string) => `/api/spoke-applications/${applicationId}/${action}`;
    const evidence = await manager.api.post(path('evidence'), {
      items: codes.map((criterionCode) => ({ criterionCode, statement: `How we meet ${criterionCode}` })),
    });
    expect(evidence.body.status).toBe('UNDER_HUB_REVIEW');
    const reviewed = await lead.api.post(path('evidence-review'), {
      items: codes.map((criterionCode) => ({ criterionCode, decision: 'accept', comment: 'Meets the criterion' })),
    });
    expect(reviewed.body.status).toBe('VISIT_PENDING');
    const visit = await lead.api.post(path('visit'), { scheduledFor: new Date(system.now().getTime() + 7 * 86_400_000).toISOString() });
    expect(visit.status).toBe(200);
    const outcome = await lead.api.post(path('visit-outcome'), { outcome: 'satisfactory', notes: 'Well organised.' });
    expect(outcome.body.status).toBe('AWAITING_HEE_APPROVAL');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('offers no agreement before HEE approval, then the unsigned PDF with its hash', async () => {
    expect((await get(manager, `/api/spoke-applications/${applicationId}/agreement.pdf`)).status).toBe(404);
    const approved = await staff.api.post(`/api/spoke-applications/${applicationId}/approval`, {
      decision: 'approve',
      comment: 'Approved',
    });
    expect(approved.body.status).toBe('AWAITING_AGREEMENT');

    const response = await get(manager, `/api/spoke-applications/${applicationId}/agreement.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = await bytesOf(response);
    expect(response.headers.get('digest-sha256')).toBe(sha256(bytes));
    expect((await pdfPages(bytes)).pages.join(' ')).toContain('Farnworth Health Centre');
    // The same record gives the same document.
    expect(sha256(await bytesOf(await get(lead, `/api/spoke-applications/${applicationId}/agreement.pdf`)))).toBe(sha256(bytes));
    expect((await get(otherManager, `/api/spoke-applications/${applicationId}/agreement.pdf`)).status).toBe(404);
    expect(
      (await staff.api.post(`/api/spoke-applications/${applicationId}/agreement-countersignature`, { signedBy: 'Hugh Staff' })).status,
    ).toBe(409);
  });

  it('stores the practice’s signed PDF with its signature page and the unsigned agreement’s hash', async () => {
    const unsigned = await bytesOf(await get(manager, `/api/spoke-applications/${applicationId}/agreement.pdf`));
    const signed = await manager.api.post(`/api/spoke-applications/${applicationId}/agreement-signature`, { signedBy: 'Dr P Partner' });
    expect(signed.body.status).toBe('ACCREDITED');

    const list = await manager.api.get(`/api/spoke-applications/${applicationId}/signed-documents`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const version = list.body.items[0];
    expect(version).toMatchObject({
      kind: 'agreement',
      version: 1,
      termsSha256: sha256(unsigned),
      signatures: [
        {
          kind: 'signature',
          signedAs: 'Dr P Partner',
          userId: manager.id,
          name: 'Pam Manager',
          role: 'Practice manager',
          organisation: 'Farnworth Health Centre',
          signedAt: signed.body.agreement.signedAt,
        },
      ],
    });

    const download = await get(manager, `/api/signed-documents/${encodeURIComponent(version.id)}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const pdf = await bytesOf(download);
    expect(sha256(pdf)).toBe(version.sha256);
    const pages = (await pdfPages(pdf)).pages;
    const signaturePage = pages[pages.length - 1]!;
    expect(signaturePage).toContain(version.termsSha256);
    expect(signaturePage).toContain('Pam Manager (Practice manager)');
    expect(signaturePage).toContain(signed.body.agreement.signedAt);

    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: applicationId, action: 'agreement.signed' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: manager.id, actorRole: 'practice_manager' });
    expect(audit[0]!.after).toMatchObject({ documentId: version.id, sha256: version.sha256, termsSha256: version.termsSha256 });

    expect((await get(otherManager, `/api/signed-documents/${encodeURIComponent(version.id)}`)).status).toBe(404);
    expect((await get(otherManager, `/api/spoke-applications/${applicationId}/signed-documents`)).status).toBe(404);
    expect((await get(lead, `/api/signed-documents/${encodeURIComponent(version.id)}`)).status).toBe(200);
  });

  it('reminds HEE staff in their weekly digest of the agreement waiting for their countersignature', async () => {
    await system.client.workflow.execute('weeklyDigest', {
      taskQueue: system.config.taskQueue,
      workflowId: `digest-${randomBytes(4).toString('hex')}`,
    });
    const [digest] = await system.smtp.waitFor(1, (m) => m.to.includes(staff.email) && m.subject.includes('agreement to countersign'));
    expect(digest!.text).toContain('== Agreements waiting for your countersignature (1) ==');
    expect(digest!.text).toContain('- Farnworth Health Centre: signed by the practice on');
    expect(digest!.text).toContain(`/spoke-applications/${applicationId}/agreement-countersignature`);
    // The hub lead's digest (if any) does not carry it: countersigning is HEE staff's.
    const others = system.smtp.received.filter((m) => m.to.includes(lead.email) && m.subject.startsWith('Trainflow deadlines'));
    expect(others.every((m) => !m.text.includes('countersignature'))).toBe(true);
  });

  it('is countersigned by HEE staff once on the pages, as a new version with both signature pages', async () => {
    expect(
      (await manager.api.post(`/api/spoke-applications/${applicationId}/agreement-countersignature`, { signedBy: 'Pam' })).status,
    ).toBe(403);
    const refused = await staff.api.post(`/api/spoke-applications/${applicationId}/agreement-countersignature`, { signedBy: '' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.signedBy');

    const browser = await signedInByEmailLink(system, staff.email);
    const countersignPath = `/spoke-applications/${applicationId}/agreement-countersignature`;
    const waiting = await browser.get('/');
    expect(waiting.text).toContain('id="agreements-to-countersign"');
    expect(waiting.text.slice(waiting.text.indexOf('id="agreements-to-countersign"'))).toContain(`href="${countersignPath}"`);
    const page = await browser.get(`/spoke-applications/${applicationId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/spoke-applications/${applicationId}/agreement-countersignature`);
    const form = await browser.get(`/spoke-applications/${applicationId}/agreement-countersignature`);
    expect(form.status).toBe(200);
    const csrf = inputValue(form.text, '_csrf')!;
    const empty = await browser.post(`/spoke-applications/${applicationId}/agreement-countersignature`, { _csrf: csrf, signedBy: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('nhsuk-error-summary');
    expect(empty.text).toContain('Enter your full name to countersign');
    const sent = await browser.post(`/spoke-applications/${applicationId}/agreement-countersignature`, {
      _csrf: csrf,
      signedBy: 'Hugh Staff',
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toContain('done=countersigned');
    const after = await browser.follow(sent);
    expect(after.text).toContain('Agreement countersigned');
    expect(after.text).not.toContain(`/spoke-applications/${applicationId}/agreement-countersignature`);
    expect((await browser.get('/')).text).not.toContain('id="agreements-to-countersign"');

    const list = await lead.api.get(`/api/spoke-applications/${applicationId}/signed-documents`);
    expect(list.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const countersigned = list.body.items[0];
    expect(countersigned).toMatchObject({
      signatures: [
        { kind: 'signature' },
        { kind: 'countersignature', signedAs: 'Hugh Staff', userId: staff.id, role: 'Regional staff (NHS England)' },
      ],
    });
    const again = await staff.api.post(`/api/spoke-applications/${applicationId}/agreement-countersignature`, { signedBy: 'Hugh Staff' });
    expect(again.status).toBe(409);

    // The page's download link, on the staff member's session, is the same PDF as the API's.
    const cookie = await browser.jar.getCookieString(system.baseUrl);
    const fromPage = await fetch(`${system.baseUrl}/signed-documents/${encodeURIComponent(countersigned.id)}`, { headers: { cookie } });
    expect(fromPage.status).toBe(200);
    const pdf = await bytesOf(fromPage);
    expect(sha256(pdf)).toBe(countersigned.sha256);
    const pages = (await pdfPages(pdf)).pages;
    expect(pages[pages.length - 2]).toContain('Pam Manager (Practice manager)');
    expect(pages[pages.length - 1]).toContain('Countersignature');
    expect(pages[pages.length - 1]).toContain(countersigned.termsSha256);

    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: applicationId, action: 'agreement.countersigned' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: staff.id, actorRole: 'hee_staff' });
    expect(audit[0]!.after).toMatchObject({ sha256: countersigned.sha256 });
  });

  it('shows the practice manager their accreditation on the home page: state, expiry, evidence and the signed agreement', async () => {
    const [latest] = (await manager.api.get(`/api/spoke-applications/${applicationId}/signed-documents`)).body.items;
    const record = (await manager.api.get(`/api/spoke-applications/${applicationId}`)).body;
    const browser = await signedInByEmailLink(system, manager.email);
    const home = await browser.get('/');
    expect(home.status).toBe(200);
    const section = home.text.slice(home.text.indexOf('id="your-accreditation"'));
    expect(section).toContain('Accredited');
    const daysLeft = Math.ceil((Date.parse(record.accreditedUntil) - system.now().getTime()) / 86_400_000);
    expect(section).toContain(`(${daysLeft} days left)`);
    expect(section).toContain(`${record.evidence.length} of ${record.evidence.length} criteria`);
    expect(section).toContain(`href="/signed-documents/${encodeURIComponent(latest.id)}"`);
    // Another practice's manager sees only their own application there.
    const other = await (await signedInByEmailLink(system, otherManager.email)).get('/');
    expect(other.text).not.toContain(`/spoke-applications/${applicationId}"`);
  });

  it('keeps a signed PDF’s bytes when a file with the same bytes is attached as evidence and removed', async () => {
    const [latest] = (await staff.api.get(`/api/spoke-applications/${applicationId}/signed-documents`)).body.items;
    const bytes = await bytesOf(await get(staff, `/api/signed-documents/${encodeURIComponent(latest.id)}`));
    const code = theirs.application.criteria[0]!.code;
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'copy.pdf');
    const attached = await fetch(`${system.baseUrl}/api/spoke-applications/${theirs.application.id}/evidence/${code}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${otherManager.token}` },
      body: form,
    });
    expect(attached.status).toBe(201);
    const [document] = ((await attached.json()) as { items: { id: string; sha256: string }[] }).items;
    expect(document!.sha256).toBe(latest.sha256);
    const removed = await otherManager.api.delete(
      `/api/spoke-applications/${theirs.application.id}/evidence/${code}/documents/${document!.id}`,
    );
    expect(removed.status).toBe(204);
    const again = await get(manager, `/api/signed-documents/${encodeURIComponent(latest.id)}`);
    expect(again.status).toBe(200);
    expect(sha256(await bytesOf(again))).toBe(latest.sha256);
  });

  it('deletes the signed versions six years after the accreditation ended, with the record, audited once', async () => {
    const versions = (await staff.api.get(`/api/spoke-applications/${applicationId}/signed-documents`)).body.items as {
      id: string;
      sha256: string;
    }[];
    expect(versions.length).toBe(2);
    const withdrawn = await staff.api.post(`/api/spoke-applications/${applicationId}/withdrawal`, { reason: 'The practice merged' });
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    const cutOff = addDuration(new Date(withdrawn.body.history.at(-1).at), 'P6Y');
    const run = (asOf: Date) => runRetention(system, asOf);
    const ours = (result: DocumentRetentionResult) => result.deleted.filter((d) => d.applicationId === applicationId);
    expect(ours(await run(new Date(cutOff.getTime() - 1)))).toEqual([]);
    expect(await system.db.prisma.signedDocument.count({ where: { subjectId: applicationId } })).toBe(2);

    const [due] = ours(await run(cutOff));
    expect(due).toMatchObject({ subjectType: 'spoke_application', count: 2 });
    expect(due!.sha256).toEqual(expect.arrayContaining(versions.map((v) => v.sha256)));
    expect(await system.db.prisma.signedDocument.count({ where: { subjectId: applicationId } })).toBe(0);
    for (const version of versions) {
      expect((await get(staff, `/api/signed-documents/${encodeURIComponent(version.id)}`)).status).toBe(404);
      expect(await system.db.prisma.documentContent.count({ where: { sha256: version.sha256 } })).toBe(0);
    }
    const audited = await system.db.prisma.auditEvent.findMany({
      where: { subjectId: applicationId, action: 'documents.deleted_by_retention' },
    });
    expect(audited).toHaveLength(1);
    expect(audited[0]!.before).toMatchObject({ signedDocumentIds: versions.map((v) => v.id).sort() });
    expect(audited[0]!.after).toMatchObject({ rule: 'accreditation_record' });
    expect(ours(await run(cutOff))).toEqual([]);
  });
});
