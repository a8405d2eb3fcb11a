/**
 * How a spoke application is put into words on the pages: states and evidence as tags, the
 * history's actions, and what happens next. Plain English, the words practices and hubs use.
 */
import type { ActionStatus, EvidenceItem, SpokeStatus } from '../../domain/spoke-accreditation';

type TagColour = 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export const SPOKE_STATUS_TAGS: Record<SpokeStatus, { text: string; colour: TagColour }> = {
  AWAITING_EVIDENCE: { text: 'Gathering evidence', colour: 'blue' },
  UNDER_HUB_REVIEW: { text: 'Hub reviewing', colour: 'purple' },
  EVIDENCE_CHANGES_REQUESTED: { text: 'Changes requested', colour: 'orange' },
  VISIT_PENDING: { text: 'Quality visit', colour: 'purple' },
  ACTIONS_IN_PROGRESS: { text: 'Actions in progress', colour: 'orange' },
  AWAITING_HEE_APPROVAL: { text: 'Awaiting HEE approval', colour: 'purple' },
  AWAITING_AGREEMENT: { text: 'Agreement to sign', colour: 'yellow' },
  ACCREDITED: { text: 'Accredited', colour: 'green' },
  REACCREDITATION_DUE: { text: 'Re-accreditation due', colour: 'orange' },
  SUSPENDED: { text: 'Suspended', colour: 'red' },
  REJECTED: { text: 'Rejected', colour: 'grey' },
  WITHDRAWN: { text: 'Withdrawn', colour: 'grey' },
  LAPSED: { text: 'Lapsed', colour: 'grey' },
};

/** What happens next, by state, said to everyone who can see the application. */
export const SPOKE_NEXT: Record<SpokeStatus, string> = {
  AWAITING_EVIDENCE: 'The practice answers every criterion with evidence, then sends it to the hub.',
  UNDER_HUB_REVIEW: 'The hub lead accepts each criterion’s evidence, or returns it with a comment.',
  EVIDENCE_CHANGES_REQUESTED: 'The practice resubmits the evidence the hub returned.',
  VISIT_PENDING: 'The hub lead schedules the quality visit, then records its outcome.',
  ACTIONS_IN_PROGRESS:
    'The actions of the quality visit’s plan are done by their due dates; then the hub lead sends the application for HEE approval or schedules a follow-up visit.',
  AWAITING_HEE_APPROVAL: 'HEE staff approve or reject the accreditation.',
  AWAITING_AGREEMENT: 'The practice signs the Learning and Development Agreement.',
  ACCREDITED: 'The practice is a spoke of the hub until its accreditation expires.',
  REACCREDITATION_DUE: 'The practice re-confirms its evidence to renew the accreditation.',
  SUSPENDED: 'HEE staff may reinstate the accreditation.',
  REJECTED: 'Nothing: the application is closed.',
  WITHDRAWN: 'Nothing: the application is closed.',
  LAPSED: 'Nothing: the accreditation expired. The practice may apply again.',
};

/** An evidence item's status as a task list tag ("Completed" is an answer saved but not yet sent). */
export const EVIDENCE_TAGS: Record<EvidenceItem['status'] | 'draft', { text: string; colour?: TagColour }> = {
  missing: { text: 'Not started', colour: 'white' },
  draft: { text: 'Completed' },
  submitted: { text: 'Sent for review', colour: 'blue' },
  accepted: { text: 'Accepted', colour: 'green' },
  rejected: { text: 'Changes requested', colour: 'orange' },
  to_reconfirm: { text: 'To re-confirm', colour: 'yellow' },
};

/** History entries' actions (the workflow's words) as a person reads them; an unknown one shows as it is. */
export const SPOKE_HISTORY_ACTIONS: Record<string, string> = {
  applied: 'Application started',
  evidence: 'Evidence sent',
  'evidence-review': 'Evidence reviewed',
  visit: 'Quality visit scheduled',
  'visit-outcome': 'Quality visit outcome recorded',
  approval: 'HEE decision',
  'agreement-signature': 'Agreement signed',
  suspension: 'Accreditation suspended',
  reinstatement: 'Accreditation reinstated',
  withdrawal: 'Withdrawn',
  people: 'Named person corrected',
  'validity-extension': 'Accreditation extended',
  lapsed: 'Accreditation lapsed',
  'reaccreditation-due': 'Re-accreditation opened',
  'action-completion': 'Action marked as done',
  'approval-request': 'Action plan complete: sent for HEE approval',
  'follow-up-visit': 'Follow-up quality visit scheduled',
};

/** An action of the visit's plan as a tag (domain/spoke-accreditation/action-plan.ts, actionStatus). */
export const ACTION_TAGS: Record<ActionStatus, { text: string; colour: TagColour }> = {
  complete: { text: 'Complete', colour: 'green' },
  due: { text: 'Due', colour: 'blue' },
  overdue: { text: 'Overdue', colour: 'red' },
};

/** Each action's link on the application page, for whoever may take it now. */
export const SPOKE_ACTION_LINKS: Record<string, { text: string; path: string }> = {
  'evidence-review': { text: 'Review the evidence', path: 'review' },
  visit: { text: 'Schedule the quality visit', path: 'visit' },
  'visit-outcome': { text: 'Record the quality visit outcome', path: 'visit-outcome' },
  approval: { text: 'Approve or reject the accreditation', path: 'approval' },
  'agreement-signature': { text: 'Sign the Learning and Development Agreement', path: 'agreement' },
  suspension: { text: 'Suspend the accreditation', path: 'suspend' },
  reinstatement: { text: 'Reinstate the accreditation', path: 'reinstate' },
  withdrawal: { text: 'Withdraw', path: 'withdraw' },
  'validity-extension': { text: 'Extend the accreditation', path: 'extend' },
};
