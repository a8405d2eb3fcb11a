/**
 * The agreement's terms, its PDF and its signature pages: the same record gives the same bytes
 * (so the hash printed on a signature page can be checked), and the signed PDF, read back with a
 * PDF library, states who signed, as what, for whom, when and the hash of what they signed.
 */
import { createHash } from 'node:crypto';
import { agreementTerms, countersignRefusal, signatureBy } from '../../domain/signed-documents';
import type { SpokeView } from '../../domain/spoke-accreditation';
import { renderSigned, renderTerms } from '../../pdf/signed-document-pdf';
import { pdfPages } from '../support/pdf-text';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const approved = {
  id: 'spoke-1',
  practiceName: 'Farnworth Health Centre',
  hubName: 'Bolton Training Hub',
  cycle: 1,
  criteriaSet: { id: 'cs', version: 2, name: 'Spoke criteria', isExample: false },
  administrator: { name: 'Ann Admin', email: 'ann@farnworth.nhs.uk' },
  educationalist: { name: 'Dr Eve', email: 'eve@farnworth.nhs.uk' },
  approval: { decision: 'approve', comment: '', by: { userId: 'u-hee', name: 'Hugh Staff' }, at: '2026-11-02T10:00:00.000Z' },
} as unknown as SpokeView;

describe('the Learning and Development Agreement as a document', () => {
  it('exists once HEE approved the application, per accreditation cycle', () => {
    expect(agreementTerms({ ...approved, approval: undefined })).toBeUndefined();
    expect(agreementTerms({ ...approved, approval: { ...approved.approval!, decision: 'reject' } })).toBeUndefined();
    expect(agreementTerms(approved)).toMatchObject({ documentKey: 'agreement:1', issuedAt: approved.approval!.at });
    expect(agreementTerms({ ...approved, cycle: 2 })!.documentKey).toBe('agreement:2');
  });

  it('renders the same bytes for the same record, and other bytes for another practice', async () => {
    const terms = agreementTerms(approved)!;
    const [first, again, other] = await Promise.all([
      renderTerms(terms),
      renderTerms(agreementTerms(approved)!),
      renderTerms(agreementTerms({ ...approved, practiceName: 'Kearsley Medical Practice' })!),
    ]);
    expect(sha256(again)).toBe(sha256(first));
    expect(sha256(other)).not.toBe(sha256(first));
    const read = await pdfPages(first);
    expect(read.title).toBe('Learning and Development Agreement');
    expect(read.pages.join(' ')).toContain('Farnworth Health Centre');
    expect(read.pages.join(' ')).toContain('Bolton Training Hub');
  });

  it('prints each signature on its own page with the hash of the unsigned agreement', async () => {
    const terms = agreementTerms(approved)!;
    const unsigned = await renderTerms(terms);
    const termsSha256 = sha256(unsigned);
    const signature = signatureBy(
      'signature',
      { userId: 'u-pam', name: 'Pam Manager', role: 'practice_manager' },
      'Dr P Partner',
      approved.practiceName,
      '2026-11-20T09:30:00.000Z',
    );
    const countersignature = signatureBy(
      'countersignature',
      { userId: 'u-hee', name: 'Hugh Staff', role: 'hee_staff' },
      'Hugh Staff',
      'NHS England',
      '2026-11-21T14:00:00.000Z',
    );
    const signed = await pdfPages(await renderSigned(terms, termsSha256, [signature], '2029-11-20T23:59:59.999Z'));
    const unsignedPages = (await pdfPages(unsigned)).pages;
    expect(signed.pages.slice(0, unsignedPages.length)).toEqual(unsignedPages);
    expect(signed.pages).toHaveLength(unsignedPages.length + 1);
    const page = signed.pages[signed.pages.length - 1]!;
    for (const fact of [
      'Dr P Partner',
      'Pam Manager (Practice manager)',
      'Farnworth Health Centre',
      '2026-11-20T09:30:00.000Z',
      termsSha256,
    ]) {
      expect(page).toContain(fact);
    }
    expect(page).toContain('Tuesday 20 November 2029');

    const both = await pdfPages(await renderSigned(terms, termsSha256, [signature, countersignature], '2029-11-20T23:59:59.999Z'));
    expect(both.pages).toHaveLength(unsignedPages.length + 2);
    expect(both.pages[both.pages.length - 1]).toContain('Countersignature');
    expect(both.pages[both.pages.length - 1]).toContain('Hugh Staff (Regional staff (NHS England))');
    expect(both.pages[both.pages.length - 1]).toContain(termsSha256);
  });

  it('is countersigned once, after the practice signed it', () => {
    const signature = signatureBy(
      'signature',
      { userId: 'u', name: 'P', role: 'practice_manager' },
      'P',
      'Practice',
      '2026-11-20T09:30:00.000Z',
    );
    expect(countersignRefusal(undefined)).toMatch(/not signed/);
    expect(countersignRefusal({ signatures: [signature] })).toBeUndefined();
    expect(countersignRefusal({ signatures: [signature, { ...signature, kind: 'countersignature' }] })).toMatch(/already/);
  });
});
