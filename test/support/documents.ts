/**
 * What the document suites do over and over: send files as a browser or client would
 * (multipart, a part named `file` each) and run the retention workflow for a chosen instant.
 */
import { randomBytes } from 'node:crypto';
import type { DocumentRetentionResult } from '../../workflows/activities';
import type { ApiResponse } from './api-client';
import type { RegionUser } from './region';
import { formWith } from './sample-documents';
import type { TestSystem } from './system';

/** POSTs the files to `path` as `user`, the answer parsed as the API client's are. */
export async function uploadFiles(
  system: TestSystem,
  user: RegionUser,
  path: string,
  files: Parameters<typeof formWith>[0],
): Promise<ApiResponse> {
  const response = await fetch(system.baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}` },
    body: formWith(files),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers, text };
}

/** Runs the documentRetention workflow (what the schedule starts) measured at `asOf`, never the machine's clock. */
export const runRetention = (system: TestSystem, asOf: Date) =>
  system.client.workflow.execute<(o: { asOf: string }) => Promise<DocumentRetentionResult>>('documentRetention', {
    args: [{ asOf: asOf.toISOString() }],
    taskQueue: system.config.taskQueue,
    workflowId: `retention-${randomBytes(4).toString('hex')}`,
  });
