/**
 * How an expression of interest is put into words on the pages: states as tags, service types,
 * actions, and what happens next. Plain English, the words the people using it use.
 */
import type { EoiStatus } from '../../domain/eoi/schemas';
import type { Role } from '../../domain/roles';

/** nhsuk tag colours: https://service-manual.nhs.uk/design-system/components/tag */
type TagColour = 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export const EOI_STATUS_TAGS: Record<EoiStatus, { text: string; colour: TagColour }> = {
  UNDER_UNIVERSITY_REVIEW: { text: 'University reviewing', colour: 'blue' },
  CHANGES_REQUESTED: { text: 'Changes requested', colour: 'orange' },
  AWAITING_FUNDING_DECISION: { text: 'Awaiting funding decision', colour: 'purple' },
  WAITLISTED: { text: 'On the waiting list', colour: 'yellow' },
  FUNDED: { text: 'Funded', colour: 'aqua-green' },
  CONFIRMATION_OVERDUE: { text: 'Confirmation overdue', colour: 'red' },
  ENROLLED: { text: 'Enrolled', colour: 'green' },
  DECLINED: { text: 'Declined', colour: 'grey' },
  WITHDRAWN: { text: 'Withdrawn', colour: 'grey' },
};

export const SERVICE_TYPE_NAMES: Record<string, string> = {
  primary_care: 'Primary care',
  integrated_community_care: 'Integrated or community care',
  urgent_emergency_care: 'Urgent or emergency care',
  other: 'Other',
};

export const PROGRAMME_ROLE_NAMES: Record<string, string> = {
  trainee_assistant_practitioner: 'Trainee assistant practitioner',
  assistant_practitioner: 'Assistant practitioner',
  advanced_practitioner: 'Advanced practitioner',
};

/** History entries' actions (the workflow's words) as a person reads them; an unknown one shows as it is. */
export const EOI_HISTORY_ACTIONS: Record<string, string> = {
  submitted: 'Expression of interest sent',
  university_supported: 'Supported by the university',
  university_declined: 'Declined by the university',
  changes_requested: 'University asked for changes',
  amended: 'Amended and sent back to the university',
  waitlisted: 'Put on the waiting list',
  funded: 'Funded',
  promoted_from_waitlist: 'Offered places from the waiting list',
  funding_declined: 'Funding declined',
  candidate_added: 'Candidate put forward',
  candidate_offered: 'Candidate offered a place',
  candidate_accepted: 'Candidate accepted a place',
  candidate_declined: 'Candidate declined',
  support_confirmed: 'Confirmation of support returned',
  confirmation_overdue: 'Confirmation of support overdue',
  deadline_extended: 'Deadline extended',
  places_released: 'Places given back',
  withdrawn: 'Withdrawn by the organisation',
  funding_withdrawn: 'Funding withdrawn',
  waitlist_expired: 'Closed: no place became free',
};

export const CANDIDATE_OUTCOMES: Record<string, string> = {
  offered: 'Offered a place',
  accepted: 'Accepted a place',
  declined: 'Declined',
};

/** What happens next, for the person reading the EOI page, by state and role. */
export function whatHappensNext(status: EoiStatus, role: Role): string[] {
  const org = role === 'org_submitter';
  const uni = role === 'university_reviewer';
  switch (status) {
    case 'UNDER_UNIVERSITY_REVIEW':
      return uni
        ? ['Review the expression of interest: support it, ask for changes or decline it.', 'The organisation is told what you decide.']
        : ['The university reviews the expression of interest.', 'If it is supported, regional staff make the funding decision.'];
    case 'CHANGES_REQUESTED':
      return org
        ? ['The university has asked for changes. Read their comment in the history below, then amend the expression of interest.']
        : ['The organisation is amending the expression of interest. It then goes back to the university.'];
    case 'AWAITING_FUNDING_DECISION':
      return role === 'hee_staff'
        ? ['Decide whether to fund it, and how many places. If the intake is full it goes on the waiting list.']
        : ['Regional staff decide whether to fund it and how many places.', 'When places run out, it goes on the waiting list.'];
    case 'WAITLISTED':
      return ['The intake is full. When places are given back, they are offered down the waiting list automatically.'];
    case 'FUNDED':
      return org
        ? [
            'Recruit your trainees with the university and put each candidate forward here.',
            'When the university records that a candidate accepted, return the confirmation of support for them by the due date.',
            'If you need more time, ask regional staff: they can extend the deadline.',
          ]
        : uni
          ? ['Record each candidate’s recruitment outcome: offered, accepted or declined.']
          : ['The organisation recruits and returns a confirmation of support for each accepted candidate by the due date.'];
    case 'CONFIRMATION_OVERDUE':
      return role === 'hee_staff'
        ? ['The confirmation of support is late. You can extend the deadline or withdraw the funding.']
        : ['The confirmation of support is late. Regional staff may extend the deadline or withdraw the funding.'];
    case 'ENROLLED':
      return ['Every funded place has a confirmed candidate. Nothing more is needed.'];
    case 'DECLINED':
      return ['This expression of interest was declined. The reason is in the history below.'];
    case 'WITHDRAWN':
      return ['This expression of interest was withdrawn. Any places it held went back to the intake.'];
  }
}

/** The confirmation shown on the EOI page after an action (`?done=`). */
export const DONE_MESSAGES: Record<string, string> = {
  sent: 'Expression of interest sent',
  reviewed: 'Review recorded',
  amended: 'Changes sent to the university',
  decided: 'Funding decision recorded',
  candidate: 'Candidate put forward',
  outcome: 'Outcome recorded',
  confirmed: 'Confirmation of support returned',
  extended: 'Deadline extended',
  released: 'Places given back to the intake',
  withdrawn: 'Withdrawn',
  documents: 'Supporting documents attached',
};

/** The actions open to a person, by API path, as the buttons on the EOI page. */
export function actionLinks(eoiId: string, allowed: readonly string[], role: Role, allocatedPlaces: number) {
  const links: { text: string; href: string; secondary?: boolean; warning?: boolean }[] = [];
  const add = (path: string, text: string, href: string, style: { secondary?: boolean; warning?: boolean } = {}) => {
    if (allowed.includes(path)) links.push({ text, href: `/eois/${eoiId}/${href}`, ...style });
  };
  add('review', 'Review this expression of interest', 'review');
  add('amendments', 'Amend this expression of interest', 'amend');
  add('funding-decision', 'Make the funding decision', 'funding-decision');
  add('candidates', 'Put a candidate forward', 'candidates/new');
  add('extension', 'Extend the confirmation deadline', 'extension', { secondary: true });
  add('place-release', 'Give places back', 'release-places', { secondary: true });
  add(
    'withdrawal',
    role === 'hee_staff' && allocatedPlaces > 0 ? 'Withdraw the funding' : 'Withdraw this expression of interest',
    'withdraw',
    {
      warning: true,
    },
  );
  return links;
}
