/** How reference data is put into words on the admin pages. */
export { PROGRAMME_ROLE_NAMES, SERVICE_TYPE_NAMES } from './eoi';

export const ORGANISATION_KIND_NAMES: Record<string, string> = {
  nhs_trust: 'NHS trust',
  gp_practice: 'GP practice',
  not_for_profit: 'Not-for-profit organisation',
  other: 'Other',
};

/** A message for a text field left blank (zod says too_small for "", invalid_type for missing). */
export function whenBlank(field: string, text: string): Record<string, string> {
  return { [`${field}:too_small`]: text, [`${field}:invalid_type`]: text };
}

/** The columns of each kind's CSV file, as the import page explains them (domain/reference-import.ts reads them). */
export const IMPORT_COLUMNS: Record<string, string> = {
  universities: 'name',
  programmes: 'name, role (such as advanced_practitioner), universities (names or ids, separated by ;)',
  intakes:
    'programme (name or id), startsOn (2027-09-20), fundedPlaces, eoiOpensAt and eoiClosesAt (2027-01-04T09:00:00Z), priorityServiceTypes (optional, separated by ;)',
  organisations: 'name, odsCode, kind (such as nhs_trust), serviceType (such as primary_care)',
  hubs: 'name, areas (optional, separated by ;), accreditationValidityMonths (optional, 36 if empty)',
  practices: 'name, odsCode, isTrainingPractice (yes or no), hub (name or id, optional)',
};
