/** How people and their access are put into words on the admin pages. */
import type { Role } from '../../domain/roles';
import type { ScopeField } from '../../domain/roles';

/** What each role does here, shown under its choice when someone is added. */
export const ROLE_HINTS: Record<Role, string> = {
  hee_staff: 'Makes funding decisions, tracks deadlines and approves spoke accreditations across the region.',
  org_submitter: 'Sends expressions of interest for one organisation and follows them through to enrolment.',
  university_reviewer: 'Reviews the expressions of interest sent to one university and records recruitment.',
  hub_lead: 'Reviews the spoke applications of one training hub and carries out quality visits.',
  practice_manager: 'Applies for one GP practice to become a spoke and keeps its accreditation up to date.',
  admin: 'Manages people, reference data and criteria. Sees everything.',
};

/** The record each scoped role works for, as the form and the user's page name it. */
export const SCOPE_FIELD_WORDS: Record<ScopeField, { label: string; choose: string }> = {
  organisationId: { label: 'Organisation', choose: 'Select their organisation' },
  universityId: { label: 'University', choose: 'Select their university' },
  hubId: { label: 'Training hub', choose: 'Select their training hub' },
  practiceId: { label: 'GP practice', choose: 'Select their GP practice' },
};

export const TOKEN_STATUS_TAGS = {
  active: { text: 'Active', colour: 'green' },
  expired: { text: 'Expired', colour: 'grey' },
  revoked: { text: 'Revoked', colour: 'grey' },
} as const;

/** The confirmation shown on a user's page after an action (`?done=`). */
export const USER_DONE_MESSAGES: Record<string, string> = {
  invited: 'Invitation sent',
  'not-invited': 'The user was added, but the invitation could not be sent',
  'invited-again': 'Invitation sent again',
  'token-revoked': 'Token revoked',
  deactivated: 'User deactivated',
};
