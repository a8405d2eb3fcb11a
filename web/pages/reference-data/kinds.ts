/**
 * Each kind of reference data as its admin pages show it: its list's columns and rows, and its
 * "add" form. The form's fields become the API's request body (formOf), so the API's own schema
 * validates them; the pages' messages only put the schema's refusals in people's words.
 */
import type { z } from 'zod';
import { hubChoices, universityChoices } from '../../../api/services/reference-choices';
import { startOfLondonDay, endOfLondonDay } from '../../../domain/london-calendar';
import {
  CreateHubBody,
  CreateIntakeBody,
  CreateOrganisationBody,
  CreatePracticeBody,
  CreateProgrammeBody,
  CreateUniversityBody,
  ORGANISATION_KINDS,
  PROGRAMME_ROLES,
  type ReferenceCreation,
  type RenamableKind,
  SERVICE_TYPES,
} from '../../../domain/reference-data';
import type { Actor } from '../../../domain/roles';
import { isCalendarDate } from '../../../domain/time';
import { ORGANISATION_KIND_NAMES, PROGRAMME_ROLE_NAMES, SERVICE_TYPE_NAMES, whenBlank } from '../../content/reference-data';
import type { WebDeps } from '../../deps';
import { asCalendarDate, asNumber, blankAsMissing, formOf } from '../../form-fields';
import { asLines, asList, asYesNo, type Choice, type FormField, YES_NO } from './fields';

export interface ReferenceKindPages {
  kind: Exclude<ReferenceCreation['kind'], 'criteriaSet'>;
  /** Its part of the path: /reference-data/<slug>. */
  slug: string;
  /** "Universities", the list's heading. */
  plural: string;
  /** "university", as in "University added". */
  singular: string;
  form: z.ZodType;
  messages: Record<string, string>;
  /** The field a refusal without field errors points to. */
  firstField: string;
  fields(deps: WebDeps, actor: Actor): Promise<FormField[]>;
  head: string[];
  count(deps: WebDeps): Promise<number>;
  /** Each record's id and its cells, in the order of `head`. */
  rows(deps: WebDeps, page: { skip: number; take: number }): Promise<{ id: string; cells: string[] }[]>;
  nameOf(deps: WebDeps, id: string): Promise<string | undefined>;
  /** Set when its records have a name that may be changed (PATCH /api/<kind>/:id). */
  renamable?: RenamableKind;
}

const byName = [{ name: 'asc' as const }, { id: 'asc' as const }];
const day = (d: Date) => d.toISOString().slice(0, 10);
const choicesOf = (names: Record<string, string>, values: readonly string[]): Choice[] =>
  values.map((value) => ({ value, text: names[value] ?? value }));
const named = (rows: { id: string; name: string }[]): Choice[] => rows.map((r) => ({ value: r.id, text: r.name }));

/** A date typed as day, month and year, as the instant the API takes: its start or end in London. */
function asInstant(fields: Record<string, unknown>, name: string, at: 'start' | 'end'): string | undefined {
  const date = asCalendarDate(fields, name);
  if (date === undefined || !isCalendarDate(date)) return date;
  return at === 'start' ? startOfLondonDay(date) : endOfLondonDay(date);
}

const NAME: FormField = { type: 'text', name: 'name', label: 'Name' };
const ODS_CODE: FormField = {
  type: 'text',
  name: 'odsCode',
  label: 'ODS code',
  hint: 'The Organisation Data Service code, 3 to 10 letters or digits, for example RX1 or E81001.',
  width: 10,
};
const NAME_MESSAGES = { ...whenBlank('name', 'Enter a name'), 'name:too_big': 'Name must be 200 characters or fewer' };
const ODS_MESSAGES = { odsCode: 'Enter the ODS code, 3 to 10 letters or digits' };

const universities: ReferenceKindPages = {
  kind: 'university',
  renamable: 'university',
  slug: 'universities',
  plural: 'Universities',
  singular: 'university',
  form: formOf(CreateUniversityBody, (f) => ({ name: f.name })),
  messages: NAME_MESSAGES,
  firstField: 'name',
  fields: async () => [NAME],
  head: ['Name'],
  count: (deps) => deps.db.prisma.university.count(),
  rows: async (deps, page) =>
    (await deps.db.prisma.university.findMany({ orderBy: byName, ...page })).map((u) => ({ id: u.id, cells: [u.name] })),
  nameOf: async (deps, id) => (await deps.db.prisma.university.findUnique({ where: { id } }))?.name,
};

const programmes: ReferenceKindPages = {
  kind: 'programme',
  renamable: 'programme',
  slug: 'programmes',
  plural: 'Programmes',
  singular: 'programme',
  form: formOf(CreateProgrammeBody, (f) => ({ name: f.name, role: f.role, universityIds: asList(f.universityIds) })),
  messages: {
    ...NAME_MESSAGES,
    role: 'Select the role the programme trains for',
    universityIds: 'Select at least one university that runs it',
  },
  firstField: 'name',
  fields: async (deps, actor) => [
    NAME,
    { type: 'radios', name: 'role', label: 'Role it trains for', choices: choicesOf(PROGRAMME_ROLE_NAMES, PROGRAMME_ROLES) },
    {
      type: 'checkboxes',
      name: 'universityIds',
      label: 'Universities that run it',
      hint: 'Select all that apply.',
      choices: named(await universityChoices(deps, actor)),
      whenEmpty: 'There are no universities yet: add one first.',
    },
  ],
  head: ['Name', 'Role', 'Universities'],
  count: (deps) => deps.db.prisma.programme.count(),
  rows: async (deps, page) =>
    (
      await deps.db.prisma.programme.findMany({
        orderBy: byName,
        include: { universities: { include: { university: { select: { name: true } } } } },
        ...page,
      })
    ).map((p) => ({
      id: p.id,
      cells: [
        p.name,
        PROGRAMME_ROLE_NAMES[p.role] ?? p.role,
        p.universities
          .map((link) => link.university.name)
          .sort()
          .join(', '),
      ],
    })),
  nameOf: async (deps, id) => (await deps.db.prisma.programme.findUnique({ where: { id } }))?.name,
};

const intakes: ReferenceKindPages = {
  kind: 'intake',
  slug: 'intakes',
  plural: 'Intakes',
  singular: 'intake',
  form: formOf(CreateIntakeBody, (f) => ({
    programmeId: blankAsMissing(f.programmeId),
    startsOn: asCalendarDate(f, 'startsOn'),
    fundedPlaces: asNumber(f.fundedPlaces),
    eoiOpensAt: asInstant(f, 'eoiOpensAt', 'start'),
    eoiClosesAt: asInstant(f, 'eoiClosesAt', 'end'),
    priorityServiceTypes: asList(f.priorityServiceTypes),
  })),
  messages: {
    programmeId: 'Select the programme',
    startsOn: 'Enter the start date as a date, for example 1 9 2027',
    fundedPlaces: 'Enter the number of funded places, a whole number from 0 to 10,000',
    eoiOpensAt: 'Enter the date expressions of interest open, for example 1 3 2027',
    'eoiClosesAt:custom': 'The date expressions of interest close must be after the date they open',
    eoiClosesAt: 'Enter the date expressions of interest close, for example 31 5 2027',
  },
  firstField: 'programmeId',
  fields: async (deps) => [
    {
      type: 'select',
      name: 'programmeId',
      label: 'Programme',
      choices: [
        { value: '', text: 'Select one' },
        // Every programme: only admins see these pages, and they read everything.
        ...named(await deps.db.prisma.programme.findMany({ select: { id: true, name: true }, orderBy: byName, take: 2000 })),
      ],
    },
    { type: 'date', name: 'startsOn', label: 'When does it start?', hint: 'For example, 1 9 2027.' },
    { type: 'number', name: 'fundedPlaces', label: 'Funded places', hint: 'How many places are funded, 0 to 10,000.' },
    { type: 'date', name: 'eoiOpensAt', label: 'When do expressions of interest open?', hint: 'From the start of that day.' },
    { type: 'date', name: 'eoiClosesAt', label: 'When do they close?', hint: 'At the end of that day.' },
    {
      type: 'checkboxes',
      name: 'priorityServiceTypes',
      label: 'Priority service types (optional)',
      hint: 'Expressions of interest from these services are funded first.',
      choices: choicesOf(SERVICE_TYPE_NAMES, SERVICE_TYPES),
    },
  ],
  head: ['Programme', 'Starts', 'Funded places', 'Expressions of interest'],
  count: (deps) => deps.db.prisma.intake.count(),
  rows: async (deps, page) =>
    (
      await deps.db.prisma.intake.findMany({
        orderBy: [{ startsOn: 'asc' }, { id: 'asc' }],
        include: { programme: { select: { name: true } } },
        ...page,
      })
    ).map((i) => ({
      id: i.id,
      cells: [i.programme.name, day(i.startsOn), String(i.fundedPlaces), `${day(i.eoiOpensAt)} to ${day(i.eoiClosesAt)}`],
    })),
  nameOf: async (deps, id) => {
    const intake = await deps.db.prisma.intake.findUnique({ where: { id }, include: { programme: { select: { name: true } } } });
    return intake ? `${intake.programme.name}, starting ${day(intake.startsOn)}` : undefined;
  },
};

const organisations: ReferenceKindPages = {
  kind: 'organisation',
  renamable: 'organisation',
  slug: 'organisations',
  plural: 'Organisations',
  singular: 'organisation',
  form: formOf(CreateOrganisationBody, (f) => ({ name: f.name, odsCode: f.odsCode, kind: f.kind, serviceType: f.serviceType })),
  messages: {
    ...NAME_MESSAGES,
    ...ODS_MESSAGES,
    kind: 'Select what kind of organisation it is',
    serviceType: 'Select the service it provides',
  },
  firstField: 'name',
  fields: async () => [
    NAME,
    ODS_CODE,
    { type: 'radios', name: 'kind', label: 'Kind of organisation', choices: choicesOf(ORGANISATION_KIND_NAMES, ORGANISATION_KINDS) },
    { type: 'radios', name: 'serviceType', label: 'Service it provides', choices: choicesOf(SERVICE_TYPE_NAMES, SERVICE_TYPES) },
  ],
  head: ['Name', 'ODS code', 'Kind', 'Service'],
  count: (deps) => deps.db.prisma.organisation.count(),
  rows: async (deps, page) =>
    (await deps.db.prisma.organisation.findMany({ orderBy: byName, ...page })).map((o) => ({
      id: o.id,
      cells: [o.name, o.odsCode, ORGANISATION_KIND_NAMES[o.kind] ?? o.kind, SERVICE_TYPE_NAMES[o.serviceType] ?? o.serviceType],
    })),
  nameOf: async (deps, id) => (await deps.db.prisma.organisation.findUnique({ where: { id } }))?.name,
};

const hubs: ReferenceKindPages = {
  kind: 'hub',
  renamable: 'hub',
  slug: 'hubs',
  plural: 'Training hubs',
  singular: 'training hub',
  form: formOf(CreateHubBody, (f) => ({
    name: f.name,
    areas: asLines(f.areas),
    accreditationValidityMonths: asNumber(f.accreditationValidityMonths),
  })),
  messages: {
    ...NAME_MESSAGES,
    areas: 'Enter each area on its own line, 200 characters at most, 100 areas at most',
    accreditationValidityMonths: 'Enter how many months an accreditation lasts, a whole number from 1 to 120',
  },
  firstField: 'name',
  fields: async () => [
    NAME,
    { type: 'lines', name: 'areas', label: 'Areas it covers (optional)', hint: 'One a line.' },
    {
      type: 'number',
      name: 'accreditationValidityMonths',
      label: 'How many months does a spoke accreditation last? (optional)',
      hint: '36 if left blank.',
    },
  ],
  head: ['Name', 'Areas', 'Accreditation lasts'],
  count: (deps) => deps.db.prisma.hub.count(),
  rows: async (deps, page) =>
    (await deps.db.prisma.hub.findMany({ orderBy: byName, ...page })).map((h) => ({
      id: h.id,
      cells: [h.name, h.areas.join(', '), `${h.accreditationValidityMonths} months`],
    })),
  nameOf: async (deps, id) => (await deps.db.prisma.hub.findUnique({ where: { id } }))?.name,
};

const practices: ReferenceKindPages = {
  kind: 'practice',
  renamable: 'practice',
  slug: 'practices',
  plural: 'GP practices',
  singular: 'GP practice',
  form: formOf(CreatePracticeBody, (f) => ({
    name: f.name,
    odsCode: f.odsCode,
    isTrainingPractice: asYesNo(f.isTrainingPractice),
    hubId: blankAsMissing(f.hubId),
  })),
  messages: {
    ...NAME_MESSAGES,
    ...ODS_MESSAGES,
    isTrainingPractice: 'Select whether it is a training practice',
    hubId: 'Select a training hub',
  },
  firstField: 'name',
  fields: async (deps, actor) => [
    NAME,
    ODS_CODE,
    { type: 'radios', name: 'isTrainingPractice', label: 'Is it a training practice?', choices: YES_NO },
    {
      type: 'select',
      name: 'hubId',
      label: 'Training hub (optional)',
      hint: 'The hub it may apply to as a spoke.',
      choices: [{ value: '', text: 'None' }, ...named(await hubChoices(deps, actor))],
    },
  ],
  head: ['Name', 'ODS code', 'Training practice', 'Training hub'],
  count: (deps) => deps.db.prisma.practice.count(),
  rows: async (deps, page) => {
    const rows = await deps.db.prisma.practice.findMany({ orderBy: byName, ...page });
    const hubNames = new Map(
      (await deps.db.prisma.hub.findMany({ where: { id: { in: rows.flatMap((p) => (p.hubId ? [p.hubId] : [])) } } })).map((h) => [
        h.id,
        h.name,
      ]),
    );
    return rows.map((p) => ({
      id: p.id,
      cells: [p.name, p.odsCode, p.isTrainingPractice ? 'Yes' : 'No', p.hubId ? (hubNames.get(p.hubId) ?? p.hubId) : 'None'],
    }));
  },
  nameOf: async (deps, id) => (await deps.db.prisma.practice.findUnique({ where: { id } }))?.name,
};

/** In the order the admin sets them up: who runs programmes, programmes, their intakes; who applies. */
export const REFERENCE_KINDS: readonly ReferenceKindPages[] = [universities, programmes, intakes, organisations, hubs, practices];
