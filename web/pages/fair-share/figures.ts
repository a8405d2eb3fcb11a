/**
 * Entering fair-share figures on pages: regional staff type a profession's figures for every
 * provider (or the region's required weeks) or upload a CSV file; an organisation's submitter
 * types its own offered weeks. Forms go through the same service, checks and audit as the API
 * (api/services/fair-share.ts); a refused form is shown again with the error summary.
 */
import { parse } from 'csv-parse/sync';
import type { Request } from 'express';
import { z } from 'zod';
import type { FieldError } from '../../../api/http/problem';
import { toProblem } from '../../../api/http/errors';
import {
  figuresForForm,
  listProfessions,
  organisationsForFigures,
  setFigures,
  type ProfessionView,
} from '../../../api/services/fair-share';
import {
  FIGURE_KINDS,
  FIGURE_VALUE,
  type FigureKind,
  figureRowsFromCsv,
  PeriodSchema,
  ProfessionCodeSchema,
  CSV_COLUMNS,
} from '../../../domain/fair-share';
import type { Actor } from '../../../domain/roles';
import type { WebDeps } from '../../deps';
import { type FormErrors, formErrors } from '../../forms';
import { type CurrentUser, definePage, redirect, render } from '../page';
import { FAIR_SHARE_PAGE_ROLES, PERIOD_IS_REGION_WIDE } from './shared';

const WHAT: Record<FigureKind, { title: string; unit: string; hint: string }> = {
  workforce: { title: 'Workforce', unit: 'WTE', hint: 'Whole-time equivalents in the profession, such as 12.5' },
  'required-weeks': { title: 'Required placement weeks', unit: 'weeks', hint: 'The region’s total placement weeks needed in the year' },
  'offered-weeks': { title: 'Offered placement weeks', unit: 'weeks', hint: 'Placement weeks offered in the year' },
};

const FiguresParams = z.object({ period: PeriodSchema, kind: z.enum(FIGURE_KINDS) });
const FiguresQuery = z.object({ profession: ProfessionCodeSchema.optional().or(z.literal('').transform(() => undefined)) });
/** One text box per figure: `f-<organisation id or profession code>`, and the profession for a per-provider form. */
const FiguresForm = z.record(z.string().regex(/^(f-[A-Za-z0-9_-]{1,64}|profession)$/), z.string().max(40));

/** Regional staff set every kind; an organisation's submitter only its offered weeks. */
function mayEnter(user: CurrentUser, kind: FigureKind): boolean {
  return user.role === 'hee_staff' || kind === 'offered-weeks';
}

interface Field {
  name: string;
  label: string;
  value: string;
  organisationId?: string;
  profession: string;
}

/** The form's fields: per provider for one profession (staff), or per profession (the region's, or one's own). */
async function fieldsFor(
  deps: WebDeps,
  actor: Actor,
  period: string,
  kind: FigureKind,
  profession: ProfessionView,
  professions: ProfessionView[],
) {
  const stored = await figuresForForm(deps, actor, period, kind);
  const value = (organisationId: string | undefined, code: string) => {
    const row = stored.find(
      (r) => r.profession === code && (!organisationId || ('organisationId' in r && r.organisationId === organisationId)),
    );
    return row === undefined ? '' : String('wte' in row ? row.wte : row.weeks);
  };
  if (kind === 'required-weeks') {
    return professions.map((p): Field => ({ name: `f-${p.code}`, label: p.name, value: value(undefined, p.code), profession: p.code }));
  }
  if (actor.role !== 'hee_staff') {
    const [own] = await organisationsForFigures(deps, actor);
    return professions.map((p): Field => ({
      name: `f-${p.code}`,
      label: p.name,
      value: value(own!.id, p.code),
      organisationId: own!.id,
      profession: p.code,
    }));
  }
  return (await organisationsForFigures(deps, actor)).map((o): Field => ({
    name: `f-${o.id}`,
    label: `${o.name} (${o.odsCode})`,
    value: value(o.id, profession.code),
    organisationId: o.id,
    profession: profession.code,
  }));
}

async function formModel(ctx: { user: CurrentUser | undefined; deps: WebDeps; period: string; kind: FigureKind; profession?: string }) {
  const user = ctx.user!;
  const professions = await listProfessions(ctx.deps);
  const profession = professions.find((p) => p.code === ctx.profession) ?? professions[0]!;
  const perProvider = ctx.kind !== 'required-weeks' && user.role === 'hee_staff';
  return {
    pageTitle: `${WHAT[ctx.kind].title}, ${ctx.period}${perProvider ? `: ${profession.name}` : ''}`,
    period: ctx.period,
    kind: ctx.kind,
    what: WHAT[ctx.kind],
    perProvider,
    profession,
    professions,
    fields: await fieldsFor(ctx.deps, user.actor, ctx.period, ctx.kind, profession, professions),
    isStaff: user.role === 'hee_staff',
  };
}

const NUMBER = /^\d+(\.\d+)?$/;

export const fairShareFigurePages = [
  definePage({
    method: 'get',
    path: '/fair-share/:period/figures/:kind',
    summary: 'Enter fair-share figures',
    policy: { roles: FAIR_SHARE_PAGE_ROLES },
    scope: PERIOD_IS_REGION_WIDE,
    params: FiguresParams,
    query: FiguresQuery,
    async handler({ user, params, query, deps }) {
      if (!mayEnter(user!, params.kind)) return render('pages/errors/forbidden.njk', { pageTitle: 'You cannot see this page' }, 403);
      return render('pages/fair-share/figures.njk', await formModel({ user, deps, ...params, profession: query.profession }));
    },
  }),
  definePage({
    method: 'post',
    path: '/fair-share/:period/figures/:kind',
    summary: 'Save fair-share figures',
    policy: { roles: FAIR_SHARE_PAGE_ROLES },
    scope: PERIOD_IS_REGION_WIDE,
    params: FiguresParams,
    body: FiguresForm,
    async invalid({ user, params, deps, body }, errors) {
      const model = await formModel({ user, deps, ...params, profession: String(body.profession ?? '') });
      return render('pages/fair-share/figures.njk', { ...model, errors });
    },
    async handler({ user, params, body, deps, requestId }) {
      if (!mayEnter(user!, params.kind)) return render('pages/errors/forbidden.njk', { pageTitle: 'You cannot see this page' }, 403);
      const model = await formModel({ user, deps, ...params, profession: body.profession });
      const typed = model.fields.map((field) => ({ field, text: (body[field.name] ?? '').trim() }));
      const refused: FieldError[] = typed
        .filter(({ text }) => text !== '' && !NUMBER.test(text))
        .map(({ field }) => ({ path: field.name, message: `Enter ${model.what.unit} for ${field.label} as a number, like 12.5` }));
      const entered = typed.filter(({ text }) => text !== '' && NUMBER.test(text));
      const again = (errors: FormErrors) =>
        render(
          'pages/fair-share/figures.njk',
          { ...model, fields: model.fields.map((f) => ({ ...f, value: body[f.name] ?? '' })), errors },
          400,
        );
      if (refused.length) return again(formErrors(refused));
      if (!entered.length) return again(formErrors([{ path: model.fields[0]?.name ?? 'form', message: 'Enter at least one figure' }]));
      const value = FIGURE_VALUE[params.kind];
      const rows = entered.map(({ field, text }) => ({
        ...(field.organisationId ? { organisationId: field.organisationId } : {}),
        profession: field.profession,
        [value]: Number(text),
      }));
      try {
        await setFigures(deps, user!.actor, params.period, params.kind, rows as never[], requestId);
      } catch (error) {
        const problem = toProblem(error);
        if (problem.status >= 500 || !problem.errors?.length) throw error;
        // The service names rows (body.rows.3.wte): show each beside the box it came from.
        return again(
          formErrors(
            problem.errors.map((e) => {
              const index = Number(/^body\.rows\.(\d+)/.exec(e.path)?.[1]);
              const field = entered[index]?.field;
              return { path: field?.name ?? 'form', message: `${field?.label ?? 'A figure'}: ${e.message}` };
            }),
          ),
        );
      }
      const profession = model.perProvider ? `profession=${model.profession.code}&` : '';
      return redirect(`/fair-share/${params.period}?${profession}saved=${params.kind}`);
    },
  }),
  definePage({
    method: 'get',
    path: '/fair-share/:period/upload',
    summary: 'Upload fair-share figures',
    policy: { roles: ['hee_staff'] },
    scope: PERIOD_IS_REGION_WIDE,
    params: z.object({ period: PeriodSchema }),
    async handler({ params }) {
      return render('pages/fair-share/upload.njk', uploadModel(params.period));
    },
  }),
  definePage({
    method: 'post',
    path: '/fair-share/:period/upload',
    summary: 'Upload fair-share figures',
    policy: { roles: ['hee_staff'] },
    scope: PERIOD_IS_REGION_WIDE,
    params: z.object({ period: PeriodSchema }),
    body: z.object({ kind: z.enum(FIGURE_KINDS, { error: 'Choose which figures the file holds' }) }),
    async invalid({ params }, errors) {
      return render('pages/fair-share/upload.njk', { ...uploadModel(params.period), errors });
    },
    async handler({ user, params, body, deps, requestId, req }) {
      const refuse = (problems: FieldError[]) =>
        render('pages/fair-share/upload.njk', { ...uploadModel(params.period), kind: body.kind, errors: formErrors(problems) }, 400);
      const upload = uploadedFile(req);
      if (!upload) return refuse([{ path: 'file', message: 'Choose a CSV file' }]);
      let records;
      try {
        records = (
          parse(upload, { columns: (h: string[]) => h.map((c) => c.trim()), bom: true, skip_empty_lines: true, info: true }) as {
            record: Record<string, string>;
            info: { lines: number };
          }[]
        ).map(({ record, info }) => ({ line: info.lines, cells: record }));
      } catch (error) {
        return refuse([{ path: 'file', message: `The file is not CSV that can be read (${(error as Error).message})` }]);
      }
      const organisations = await organisationsForFigures(deps, user!.actor);
      const professions = await listProfessions(deps);
      const { rows, problems } = figureRowsFromCsv(body.kind, records, {
        organisation: (value) => {
          const found = organisations.filter(
            (o) => o.id === value || o.odsCode === value.toUpperCase() || o.name.toLowerCase() === value.toLowerCase(),
          );
          if (found.length === 1) return { id: found[0]!.id };
          return {
            message: found.length ? `${found.length} organisations are called "${value}": use the ODS code` : `no organisation "${value}"`,
          };
        },
        professions: new Set(professions.map((p) => p.code)),
      });
      if (problems.length) {
        // Every line's problem in the summary (formErrors keeps one per field), each linking to the file box.
        const lines = problems.map((p) => `Line ${p.line}, ${p.column}: ${p.message}`);
        const errors: FormErrors = {
          summary: { titleText: 'There is a problem: nothing was saved', errorList: lines.map((text) => ({ text, href: '#file' })) },
          fields: {
            file: {
              text: `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}: fix ${problems.length === 1 ? 'it' : 'them'} and upload it again`,
            },
          },
        };
        return render('pages/fair-share/upload.njk', { ...uploadModel(params.period), kind: body.kind, errors }, 400);
      }
      await setFigures(deps, user!.actor, params.period, body.kind, rows as never[], requestId);
      return redirect(`/fair-share/${params.period}?saved=${body.kind}`);
    },
  }),
];

function uploadModel(period: string) {
  return {
    pageTitle: `Upload fair-share figures, ${period}`,
    period,
    kinds: FIGURE_KINDS.map((kind) => ({ value: kind, text: WHAT[kind].title, hint: { text: `Columns: ${CSV_COLUMNS[kind].join(',')}` } })),
  };
}

/** The CSV file of a multipart form (web/middleware/web-request-parsing.ts keeps it in memory). */
function uploadedFile(req: Request): Buffer | undefined {
  const files = (req as Request & { files?: { fieldname: string; buffer: Buffer; size: number }[] }).files ?? [];
  const file = files.find((f) => f.fieldname === 'file');
  return file && file.size > 0 ? file.buffer : undefined;
}
