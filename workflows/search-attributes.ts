import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes on every process workflow, so staff can filter in the Temporal UI.
 * Ids and states only: no personal data.
 */
export const searchAttributes = {
  process: defineSearchAttributeKey('TrainflowProcess', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('TrainflowStatus', SearchAttributeType.KEYWORD),
  organisationId: defineSearchAttributeKey('TrainflowOrganisationId', SearchAttributeType.KEYWORD),
  universityId: defineSearchAttributeKey('TrainflowUniversityId', SearchAttributeType.KEYWORD),
  intakeId: defineSearchAttributeKey('TrainflowIntakeId', SearchAttributeType.KEYWORD),
  hubId: defineSearchAttributeKey('TrainflowHubId', SearchAttributeType.KEYWORD),
  practiceId: defineSearchAttributeKey('TrainflowPracticeId', SearchAttributeType.KEYWORD),
  nextDeadline: defineSearchAttributeKey('TrainflowNextDeadline', SearchAttributeType.DATETIME),
} as const;

export const allSearchAttributeKeys = Object.values(searchAttributes);
