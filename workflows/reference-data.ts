import { proxyActivities } from '@temporalio/workflow';
import type { z } from 'zod';
import type { createReferenceDataActivities } from '../activities/reference-data';
import type {
  CreateCriteriaSetBody,
  CreateHubBody,
  CreateIntakeBody,
  CreateOrganisationBody,
  CreatePracticeBody,
  CreateProgrammeBody,
  CreateUniversityBody,
} from '../domain/reference-data';
import type { Actor } from '../domain/roles';

type Of<K extends string, S extends z.ZodType, Extra = object> = { kind: K; data: z.infer<S> & Extra };

export type ReferenceChange = { id: string; actor: Actor; requestId?: string } & (
  | Of<'organisation', typeof CreateOrganisationBody>
  | Of<'university', typeof CreateUniversityBody>
  | Of<'programme', typeof CreateProgrammeBody>
  | Of<'intake', typeof CreateIntakeBody>
  | Of<'hub', typeof CreateHubBody>
  | Of<'practice', typeof CreatePracticeBody>
  | Of<'criteriaSet', typeof CreateCriteriaSetBody, { isExample?: boolean }>
);

const { saveReferenceRecord } = proxyActivities<ReturnType<typeof createReferenceDataActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '30 seconds' },
});

/**
 * Records one reference-data change durably: started by the API with a workflow id derived
 * from the record id, so a retried request can never write twice.
 */
export async function recordReferenceData(change: ReferenceChange): Promise<unknown> {
  return await saveReferenceRecord(change);
}
