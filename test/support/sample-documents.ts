/**
 * Tiny real files of each type a document may be, built here: what the type detector reads is
 * the magic numbers (PDF, PNG, JPEG) and, for the office formats, the zip's entries
 * ([Content_Types].xml naming the main part for DOCX and XLSX, a `mimetype` entry for ODT).
 */
import { strToU8, zipSync } from 'fflate';

const contentTypes = (partName: string, type: string) =>
  strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      `<Default Extension="xml" ContentType="application/xml"/><Override PartName="${partName}" ContentType="${type}"/></Types>`,
  );

export const SAMPLE_DOCUMENTS = {
  pdf: {
    name: 'Teaching plan.pdf',
    type: 'application/pdf',
    bytes: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  },
  png: {
    name: 'timetable.png',
    type: 'image/png',
    bytes: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex'),
  },
  jpeg: { name: 'rota.jpeg', type: 'image/jpeg', bytes: Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex') },
  docx: {
    name: 'Supervision policy.docx',
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes: Buffer.from(
      zipSync({
        '[Content_Types].xml': contentTypes(
          '/word/document.xml',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
        ),
        'word/document.xml': strToU8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'),
      }),
    ),
  },
  xlsx: {
    name: 'Learner log.xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: Buffer.from(
      zipSync({
        '[Content_Types].xml': contentTypes(
          '/xl/workbook.xml',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
        ),
        'xl/workbook.xml': strToU8('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'),
      }),
    ),
  },
  odt: {
    name: 'Induction.odt',
    type: 'application/vnd.oasis.opendocument.text',
    bytes: Buffer.from(
      zipSync({
        // The first entry, uncompressed, as the OpenDocument format requires.
        mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
        'content.xml': strToU8('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'),
      }),
    ),
  },
} as const;

/** Files as a multipart form, each in the part `field`. */
export function formWith(files: { name: string; bytes: Uint8Array; type?: string }[], field = 'file'): FormData {
  const form = new FormData();
  for (const file of files) form.append(field, new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
  return form;
}
