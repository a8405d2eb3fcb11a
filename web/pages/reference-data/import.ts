/**
 * Importing reference data from a CSV file (`/reference-data/import`), for administrators: the
 * admin says what the file holds and uploads it. Every row is checked first, by planImport
 * (domain/reference-import.ts, which the command line's import uses too) against the API's
 * schemas and what exists; if any row has a problem, each is listed by line and nothing is
 * written. Otherwise the new rows are created through the service behind the API's POST routes.
 */
import { parse } from 'csv-parse/sync';
import type { Request } from 'express';
import { z } from 'zod';
import type { FieldError } from '../../../api/http/problem';
import { IMPORTABLE, type ImportableKind, importLookups, importRows } from '../../../api/services/reference-data';
import { planImport } from '../../../domain/reference-import';
import { IMPORT_COLUMNS } from '../../content/reference-data';
import { type FormErrors, formErrors } from '../../forms';
import { definePage, type PageResult, redirect, render } from '../page';
import { REFERENCE_KINDS } from './kinds';
import { REFERENCE_DATA_ADMINS } from './shared';

const KIND_NAMES = Object.keys(IMPORTABLE) as [ImportableKind, ...ImportableKind[]];
const ImportForm = z.object({ kind: z.enum(KIND_NAMES, { error: 'Select what the file holds' }) });

function importForm(kind?: string, errors?: FormErrors, status = 200): PageResult {
  return render(
    'pages/reference-data/import.njk',
    {
      pageTitle: 'Import reference data',
      kinds: REFERENCE_KINDS.map((k) => ({
        value: k.slug,
        text: k.plural,
        hint: { text: `Columns: ${IMPORT_COLUMNS[k.slug]}` },
        checked: k.slug === kind,
      })),
      errors,
    },
    status,
  );
}

/** The CSV file of a multipart form (web/middleware/web-request-parsing.ts keeps it in memory). */
function uploadedFile(req: Request): Buffer | undefined {
  const files = (req as Request & { files?: { fieldname: string; buffer: Buffer; size: number }[] }).files ?? [];
  const file = files.find((f) => f.fieldname === 'file');
  return file && file.size > 0 ? file.buffer : undefined;
}

function readCsv(file: Buffer) {
  return (
    parse(file, { columns: (h: string[]) => h.map((c) => c.trim()), bom: true, skip_empty_lines: true, info: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[]
  ).map(({ record, info }) => ({ line: info.lines, cells: record }));
}

export const importPages = [
  definePage({
    method: 'get',
    path: '/reference-data/import',
    summary: 'Import reference data',
    policy: { roles: REFERENCE_DATA_ADMINS },
    handler: async () => importForm(),
  }),
  definePage({
    method: 'post',
    path: '/reference-data/import',
    summary: 'Import reference data',
    policy: { roles: REFERENCE_DATA_ADMINS },
    body: ImportForm,
    invalid: async (_ctx, errors) => importForm(undefined, errors),
    async handler({ deps, user, body, req, requestId }) {
      const refuse = (problems: FieldError[]) => importForm(body.kind, formErrors(problems), 400);
      const upload = uploadedFile(req);
      if (!upload) return refuse([{ path: 'file', message: 'Choose a CSV file' }]);
      let records;
      try {
        records = readCsv(upload);
      } catch (error) {
        return refuse([{ path: 'file', message: `The file is not CSV that can be read (${(error as Error).message})` }]);
      }
      if (records.length === 0) return refuse([{ path: 'file', message: 'The file has no rows under its header line' }]);
      const { planned, problems } = planImport(body.kind, records, await importLookups(deps, body.kind));
      if (problems.length) {
        // Every line's problem in the summary (formErrors keeps one per field), each linking to the file box.
        const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
        const errors: FormErrors = {
          summary: {
            titleText: 'There is a problem: nothing was imported',
            errorList: problems.map((p) => ({ text: `Line ${p.line}: ${p.message}`, href: '#file' })),
          },
          fields: { file: { text: `The file has ${count}: fix ${problems.length === 1 ? 'it' : 'them'} and upload it again` } },
        };
        return importForm(body.kind, errors, 400);
      }
      const outcome = await importRows(deps, user!.actor, body.kind, planned, requestId);
      if ('failedLine' in outcome) {
        return refuse([
          {
            path: 'file',
            message: `Line ${outcome.failedLine}: ${outcome.message}. ${outcome.created} row(s) before it were imported: fix the row and upload the file again`,
          },
        ]);
      }
      return redirect(`/reference-data/${body.kind}?imported=${outcome.created}&present=${outcome.present}`);
    },
  }),
];
