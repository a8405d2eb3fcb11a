/**
 * Each confirmation of support an organisation returns becomes a signed PDF, stored by the commit
 * of the action: its signature page (read back with a PDF library) names who returned it, the
 * person who signed, the organisation, the time and the hash of the unsigned confirmation, which
 * rendering its recorded terms again reproduces. Downloads only in scope, on the API and the page.
 */
import { createHash } from 'node:crypto';
import type { DocumentTerms } from '../../domain/signed-documents';
import { renderTerms } from '../../pdf/signed-document-pdf';
import { pdfPages } from '../support/pdf-text';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { signedInByEmailLink } from '../support/web-sign-in';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('confirmations of support as signed documents', () => {
  let system: TestSystem;
  let region: Region;
  let eoiId: string;
  let candidates: string[];

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
    const { submitter, reviewer, staff } = region;
    const eoi = (await submitter.api.post('/api/eois', eoiBody(region))).body;
    eoiId = eoi.id;
    expect((await reviewer.api.post(`/api/eois/${eoiId}/review`, { decision: 'support', comment: 'Strong' })).status).toBe(200);
    expect((await staff.api.post(`/api/eois/${eoiId}/funding-decision`, { decision: 'fund', places: 2, comment: 'Two' })).status).toBe(200);
    candidates = [];
    for (const { name, currentRole } of [
      { name: 'Ada Trainee', currentRole: 'Staff nurse' },
      { name: 'Ben Trainee', currentRole: 'Paramedic' },
    ]) {
      const added = await submitter.api.post(`/api/eois/${eoiId}/candidates`, {
        name,
        email: `${name.split(' ')[0]!.toLowerCase()}@northshire.nhs.uk`,
        currentRole,
      });
      expect(added.status).toBe(201);
      candidates.push(added.body.candidateId);
      expect(
        (await reviewer.api.post(`/api/eois/${eoiId}/candidates/${added.body.candidateId}/outcome`, { outcome: 'accepted' })).status,
      ).toBe(200);
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('stores each returned confirmation as a signed PDF naming the signer and the unsigned confirmation’s hash', async () => {
    const { submitter } = region;
    expect((await submitter.api.get(`/api/eois/${eoiId}/signed-documents`)).body.items).toEqual([]);
    const first = await submitter.api.post(`/api/eois/${eoiId}/confirmations`, { candidateId: candidates[0], signedBy: 'Dr Chief Nurse' });
    expect(first.status).toBe(200);
    const second = await submitter.api.post(`/api/eois/${eoiId}/confirmations`, { candidateId: candidates[1], signedBy: 'Ms Director' });
    expect(second.body.status).toBe('ENROLLED');

    const list = await submitter.api.get(`/api/eois/${eoiId}/signed-documents`);
    expect(list.status).toBe(200);
    const byCandidate = new Map(list.body.items.map((d: { terms: DocumentTerms }) => [d.terms.documentKey, d]));
    expect([...byCandidate.keys()].sort()).toEqual(candidates.map((c) => `confirmation:${c}`).sort());
    const ada = byCandidate.get(`confirmation:${candidates[0]}`) as Record<string, any>;
    const confirmedAt = second.body.candidates.find((c: { id: string }) => c.id === candidates[0]).confirmation.confirmedAt;
    expect(ada).toMatchObject({
      kind: 'confirmation-of-support',
      version: 1,
      signatures: [
        {
          kind: 'signature',
          signedAs: 'Dr Chief Nurse',
          userId: submitter.id,
          role: 'Organisation submitter',
          organisation: region.organisation.name,
          signedAt: confirmedAt,
        },
      ],
    });
    expect((byCandidate.get(`confirmation:${candidates[1]}`) as Record<string, any>).signatures[0].signedAs).toBe('Ms Director');

    // The recorded terms render again to the very PDF whose hash the signature page states.
    expect(sha256(await renderTerms(ada.terms))).toBe(ada.termsSha256);
    const response = await fetch(`${system.baseUrl}/api/signed-documents/${encodeURIComponent(ada.id)}`, {
      headers: { authorization: `Bearer ${submitter.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await response.arrayBuffer());
    expect(sha256(pdf)).toBe(ada.sha256);
    const pages = (await pdfPages(pdf)).pages;
    expect(pages.join(' ')).toContain('Ada Trainee');
    expect(pages.join(' ')).toContain(region.university.name);
    expect(pages[pages.length - 1]).toContain(ada.termsSha256);
    expect(pages[pages.length - 1]).toContain('Dr Chief Nurse');

    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: eoiId, action: 'confirmation_of_support.signed' } });
    expect(audit.map((a) => (a.after as { documentId: string }).documentId).sort()).toEqual(
      list.body.items.map((d: { id: string }) => d.id).sort(),
    );
  });

  it('serves them only to those who may see the EOI, and links them from its page', async () => {
    const [ada] = (await region.submitter.api.get(`/api/eois/${eoiId}/signed-documents`)).body.items;
    const download = (token: string) =>
      fetch(`${system.baseUrl}/api/signed-documents/${encodeURIComponent(ada.id)}`, { headers: { authorization: `Bearer ${token}` } });
    for (const reader of [region.reviewer, region.staff]) expect((await download(reader.token)).status).toBe(200);
    for (const outsider of [region.otherSubmitter, region.otherReviewer]) expect((await download(outsider.token)).status).toBe(404);
    expect((await region.otherSubmitter.api.get(`/api/eois/${eoiId}/signed-documents`)).status).toBe(404);

    const browser = await signedInByEmailLink(system, region.submitter.email);
    const page = await browser.get(`/eois/${eoiId}`);
    expect(page.status).toBe(200);
    const href = `/signed-documents/${encodeURIComponent(ada.id)}`;
    expect(page.text).toContain(`href="${href}"`);
    const cookie = await browser.jar.getCookieString(system.baseUrl);
    const fromPage = await fetch(system.baseUrl + href, { headers: { cookie } });
    expect(fromPage.status).toBe(200);
    expect(sha256(new Uint8Array(await fromPage.arrayBuffer()))).toBe(ada.sha256);
  });
});
