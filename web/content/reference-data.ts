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
