/** Database rows to the shapes the API answers with (see domain/reference-data.ts). */
import { confirmationDueAt, formatCalendarDate, type Criterion } from '../domain/reference-data';
import type { ServiceType } from '../domain/reference-data';

const iso = (d: Date) => d.toISOString();

export function organisationView(o: { id: string; name: string; odsCode: string; kind: string; serviceType: string; createdAt: Date }) {
  return { id: o.id, name: o.name, odsCode: o.odsCode, kind: o.kind, serviceType: o.serviceType, createdAt: iso(o.createdAt) };
}

export function universityView(u: { id: string; name: string; createdAt: Date }) {
  return { id: u.id, name: u.name, createdAt: iso(u.createdAt) };
}

export function programmeView(p: {
  id: string;
  name: string;
  role: string;
  createdAt: Date;
  universities: { university: { id: string; name: string } }[];
}) {
  const universities = p.universities
    .map((link) => ({ id: link.university.id, name: link.university.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { id: p.id, name: p.name, role: p.role, universityIds: universities.map((u) => u.id), universities, createdAt: iso(p.createdAt) };
}

export function intakeView(i: {
  id: string;
  programmeId: string;
  startsOn: Date;
  fundedPlaces: number;
  eoiOpensAt: Date;
  eoiClosesAt: Date;
  priorityServiceTypes: string[];
  createdAt: Date;
}) {
  const startsOn = formatCalendarDate(i.startsOn);
  return {
    id: i.id,
    programmeId: i.programmeId,
    startsOn,
    fundedPlaces: i.fundedPlaces,
    eoiOpensAt: iso(i.eoiOpensAt),
    eoiClosesAt: iso(i.eoiClosesAt),
    priorityServiceTypes: i.priorityServiceTypes as ServiceType[],
    confirmationDueAt: confirmationDueAt(startsOn),
    createdAt: iso(i.createdAt),
  };
}
export type IntakeView = ReturnType<typeof intakeView>;

export function hubView(h: { id: string; name: string; areas: string[]; accreditationValidityMonths: number; createdAt: Date }) {
  return {
    id: h.id,
    name: h.name,
    areas: h.areas,
    accreditationValidityMonths: h.accreditationValidityMonths,
    createdAt: iso(h.createdAt),
  };
}

export function practiceView(p: {
  id: string;
  name: string;
  odsCode: string;
  isTrainingPractice: boolean;
  hubId: string | null;
  createdAt: Date;
}) {
  return {
    id: p.id,
    name: p.name,
    odsCode: p.odsCode,
    isTrainingPractice: p.isTrainingPractice,
    ...(p.hubId ? { hubId: p.hubId } : {}),
    createdAt: iso(p.createdAt),
  };
}

export function criteriaSetView(c: {
  id: string;
  hubId: string;
  name: string;
  version: number;
  criteria: unknown;
  isExample: boolean;
  createdAt: Date;
}) {
  return {
    id: c.id,
    hubId: c.hubId,
    name: c.name,
    version: c.version,
    criteria: c.criteria as Criterion[],
    isExample: c.isExample,
    createdAt: iso(c.createdAt),
  };
}
