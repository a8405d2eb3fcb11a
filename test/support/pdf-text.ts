/** Reads a PDF back with a PDF library (pdf.js): its pages' text and its metadata, for tests of generated documents. */
import { createRequire } from 'node:module';
import path from 'node:path';

const standardFontDataUrl =
  path.join(path.dirname(createRequire(__filename).resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

export async function pdfPages(bytes: Uint8Array): Promise<{ pages: string[]; title?: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
  }
  const metadata = await pdf.getMetadata();
  await pdf.destroy();
  return { pages, title: (metadata.info as { Title?: string }).Title };
}
