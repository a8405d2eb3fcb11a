/**
 * Named changes to rules that running workflows follow (docs/domain.md, "Rule changes and
 * running workflows"). A workflow started before a change must replay its history as it was
 * decided, so it adopts each change through Temporal's patched(name) (workflows/shared/rules.ts)
 * and records the names in its state; the pure rules ask `follows(state, name)`. A new workflow
 * adopts them all at start, a running one at its next step after the deploy.
 *
 * Add a name when a rule change alters what a workflow does (a timer's time, a transition, a
 * message); never rename or remove one while a workflow that adopted it may still run.
 */

export const EOI_RULE_CHANGES = [
  // Reminders at 09:00 London time on working days; date-only deadlines at the end of the day.
  'eoi:london-calendar',
  // Confirmation deadlines bounded by the start; offers stop before it; the start closes what is open.
  'eoi:intake-bounds',
] as const;

export const CAPACITY_RULE_CHANGES = [
  // Free places go down the waitlist to every EOI they fit, not only to its head.
  'capacity:no-head-of-line-blocking',
] as const;

export const SPOKE_RULE_CHANGES = [
  // A renewal signed before expiry runs from the current expiry; an accreditation ends at the end of a London day.
  'spoke:renewal-from-expiry',
  // HEE refusing a renewal while the accreditation it renews is valid leaves it to run to its expiry and lapse.
  'spoke:refused-renewal-runs-to-expiry',
  // A visit with outcome actions_required and actions opens an action plan (ACTIONS_IN_PROGRESS), not a new evidence round.
  'spoke:visit-action-plan',
] as const;

export type RuleChange = (typeof EOI_RULE_CHANGES)[number] | (typeof CAPACITY_RULE_CHANGES)[number] | (typeof SPOKE_RULE_CHANGES)[number];

/** The state of a workflow that records the rule changes it follows. */
export interface FollowsRules {
  rules?: string[];
}

export function follows(state: FollowsRules, change: RuleChange): boolean {
  return state.rules?.includes(change) ?? false;
}
