/** What the fair-share pages share: who may see them, and names as people say them. */
import type { Rag } from '../../../domain/fair-share';
import type { Role } from '../../../domain/roles';

/** Regional staff, and an organisation's submitter (its own rows and the region's totals). */
export const FAIR_SHARE_PAGE_ROLES: readonly Role[] = ['hee_staff', 'org_submitter'];

export const PERIOD_IS_REGION_WIDE = {
  unscoped: 'A year’s figures are the whole region’s: the service narrows them to the person’s organisation',
} as const;

export const KIND_NAMES: Record<string, string> = {
  nhs_trust: 'NHS trust',
  gp_practice: 'GP practice',
  not_for_profit: 'Not for profit',
  other: 'Other',
};

export const RAG_NAMES: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };
