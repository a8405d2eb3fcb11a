import {
  checkDocument,
  checkDocumentCount,
  checkDocumentRemoval,
  DEFAULT_DOCUMENT_LIMITS,
  roundForNewDocument,
  sanitiseFileName,
  sizeWords,
} from '../../domain/documents';

const limits = { maxBytes: 1000, maxPerItem: 2 };

describe('sanitiseFileName', () => {
  it.each([
    ['Teaching plan.pdf', 'application/pdf', 'Teaching plan.pdf'],
    ['../../etc/passwd.pdf', 'application/pdf', 'passwd.pdf'],
    ['C:\\Users\\pam\\rota.JPG', 'image/jpeg', 'rota.jpg'],
    ['rota.jpeg', 'image/jpeg', 'rota.jpeg'],
    ['<script>alert(1)</script>.pdf', 'application/pdf', 'script_.pdf'],
    ['plan<1>&"x".pdf', 'application/pdf', 'plan_1_x_.pdf'],
    ['.htaccess', 'application/pdf', 'htaccess.pdf'],
    ['photo', 'image/png', 'photo.png'],
    ['invoice.pdf.exe', 'application/pdf', 'invoice.pdf.exe.pdf'],
    ['report.docx', 'application/pdf', 'report.docx.pdf'],
    ['a\u0000b\u202Ec.pdf', 'application/pdf', 'a_b_c.pdf'],
    ['  spaced   out  .odt ', 'application/vnd.oasis.opendocument.text', 'spaced out.odt'],
    ['', 'application/pdf', 'document.pdf'],
    ['...', 'image/png', 'document.png'],
    ['Évaluation données.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Évaluation données.xlsx'],
  ] as const)('%j as %s is %j', (original, type, expected) => {
    expect(sanitiseFileName(original, type)).toBe(expected);
  });

  it('keeps a long name under 120 characters with its extension', () => {
    const name = sanitiseFileName(`${'x'.repeat(300)}.pdf`, 'application/pdf');
    expect(name).toHaveLength(120);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('checkDocument', () => {
  const pdf = { name: 'plan.pdf', size: 10, detectedType: 'application/pdf' };

  it('accepts an allowed type within the size', () => {
    expect(checkDocument(pdf, limits)).toBeUndefined();
    expect(checkDocument({ ...pdf, size: 1000 }, limits)).toBeUndefined();
  });

  it('refuses an empty file (400), one over the limit (413) and one whose bytes are not an allowed type (415), naming it', () => {
    expect(checkDocument({ ...pdf, size: 0 }, limits)).toEqual({ status: 400, fileName: 'plan.pdf', reason: 'the file is empty' });
    expect(checkDocument({ ...pdf, size: 1001 }, limits)).toMatchObject({ status: 413, reason: 'the file is larger than 1000 bytes' });
    expect(checkDocument({ ...pdf, detectedType: undefined }, limits)).toMatchObject({ status: 415, fileName: 'plan.pdf' });
    expect(checkDocument({ ...pdf, detectedType: 'application/zip' }, limits)?.status).toBe(415);
    expect(checkDocument({ ...pdf, detectedType: 'text/html' }, limits)?.reason).toBe(
      'the file is not a PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), PNG or JPEG file (whatever its name says)',
    );
  });

  it('does not take a type from the object prototype for an allowed one', () => {
    expect(checkDocument({ ...pdf, detectedType: 'constructor' }, limits)?.status).toBe(415);
  });
});

describe('checkDocumentCount', () => {
  it('allows up to the limit in a round, and says how many more may be added', () => {
    expect(checkDocumentCount(0, 2, limits)).toBeUndefined();
    expect(checkDocumentCount(1, 1, limits)).toBeUndefined();
    expect(checkDocumentCount(1, 2, limits)).toContain('at most 1 more');
    expect(checkDocumentCount(2, 1, limits)).toContain('no more');
  });
});

describe('roundForNewDocument', () => {
  const at = (iso: string) => new Date(iso);

  it('is 1 for the first file, stays while the item is not reviewed again, and rises once it has been', () => {
    expect(roundForNewDocument({}, undefined)).toBe(1);
    expect(roundForNewDocument({}, { round: 1, uploadedAt: at('2027-01-01T10:00:00Z') })).toBe(1);
    const reviewed = { review: { at: '2027-01-05T10:00:00Z' } };
    expect(roundForNewDocument(reviewed, { round: 1, uploadedAt: at('2027-01-01T10:00:00Z') })).toBe(2);
    expect(roundForNewDocument(reviewed, { round: 2, uploadedAt: at('2027-01-06T10:00:00Z') })).toBe(2);
  });
});

describe('checkDocumentRemoval', () => {
  it('lets a file of the current round go, and refuses one of an earlier round or one removed already', () => {
    expect(checkDocumentRemoval({ round: 2, removedAt: null }, 2)).toBeUndefined();
    expect(checkDocumentRemoval({ round: 1 }, 1)).toBeUndefined();
    expect(checkDocumentRemoval({ round: 1, removedAt: null }, 2)).toBe(
      'the file belongs to review round 1, which the hub has reviewed: files of earlier rounds are the record and stay',
    );
    expect(checkDocumentRemoval({ round: 2, removedAt: new Date('2027-01-07T10:00:00Z') }, 2)).toBe('the file was removed already');
  });
});

describe('sizeWords and the defaults', () => {
  it('reads as people write sizes; 10 MB and 10 files by default', () => {
    expect(sizeWords(DEFAULT_DOCUMENT_LIMITS.maxBytes)).toBe('10 MB');
    expect(sizeWords(64 * 1024)).toBe('64 kB');
    expect(sizeWords(1536)).toBe('1.5 kB');
    expect(DEFAULT_DOCUMENT_LIMITS.maxPerItem).toBe(10);
  });
});
