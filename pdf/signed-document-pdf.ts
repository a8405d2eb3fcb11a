/**
 * PDFs of signed documents (domain/signed-documents.ts), with PDFKit. The same terms always give
 * the same bytes: the PDF's dates are the document's own (when it was issued, when it was signed),
 * never the time it is made, so its SHA-256 can be printed on a signature page and checked later
 * by anyone who downloads the unsigned document again.
 */
import PDFDocument from 'pdfkit';
import { type DocumentTerms, type Signature, signaturePageLines } from '../domain/signed-documents';

const NHS_BLUE = '#005eb8';
const TEXT = '#212b32';

function render(terms: DocumentTerms, date: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: terms.title,
      Subject: terms.reference,
      Creator: 'Trainflow',
      Producer: 'Trainflow',
      CreationDate: new Date(date),
      ModDate: new Date(date),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

function facts(doc: PDFKit.PDFDocument, rows: { label: string; value: string }[]) {
  for (const row of rows) {
    doc.font('Helvetica-Bold').fontSize(10).fillColor(TEXT).text(row.label);
    doc.font('Helvetica').fontSize(11).text(row.value).moveDown(0.4);
  }
}

function termsPages(doc: PDFKit.PDFDocument, terms: DocumentTerms) {
  doc.font('Helvetica-Bold').fontSize(20).fillColor(NHS_BLUE).text(terms.title);
  doc.font('Helvetica').fontSize(10).fillColor(TEXT).text(`Reference ${terms.reference}`).moveDown();
  doc.font('Helvetica-Bold').fontSize(13).fillColor(NHS_BLUE).text('Parties').moveDown(0.3);
  facts(
    doc,
    terms.parties.map((p) => ({ label: p.label, value: p.name })),
  );
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(13).fillColor(NHS_BLUE).text('Details').moveDown(0.3);
  facts(doc, terms.facts);
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(13).fillColor(NHS_BLUE).text('Terms').moveDown(0.3);
  terms.clauses.forEach((clause, i) =>
    doc
      .font('Helvetica')
      .fontSize(11)
      .fillColor(TEXT)
      .text(`${i + 1}. ${clause}`)
      .moveDown(0.4),
  );
}

/** The document as issued for signature, before any signature page. */
export function renderTerms(terms: DocumentTerms): Promise<Uint8Array> {
  return render(terms, terms.issuedAt, (doc) => termsPages(doc, terms));
}

/**
 * The signed document: its terms, then one signature page for each signature, stating who signed,
 * as what, for whom, when, and the SHA-256 of the unsigned document (renderTerms) they signed.
 */
export function renderSigned(
  terms: DocumentTerms,
  termsSha256: string,
  signatures: Signature[],
  accreditedUntil?: string,
): Promise<Uint8Array> {
  const last = signatures[signatures.length - 1]!;
  return render(terms, last.signedAt, (doc) => {
    termsPages(doc, terms);
    for (const signature of signatures) {
      doc.addPage();
      const heading = signature.kind === 'signature' ? 'Signature' : 'Countersignature';
      doc.font('Helvetica-Bold').fontSize(16).fillColor(NHS_BLUE).text(`${heading}: ${terms.title}`).moveDown(0.5);
      doc.font('Helvetica').fontSize(10).fillColor(TEXT).text(`Reference ${terms.reference}`).moveDown();
      facts(doc, signaturePageLines(signature, termsSha256, accreditedUntil));
      doc
        .moveDown()
        .font('Helvetica')
        .fontSize(9)
        .text(
          'Signed electronically in Trainflow by the signed-in person named above. The SHA-256 above identifies the unsigned document they signed.',
        );
    }
  });
}
