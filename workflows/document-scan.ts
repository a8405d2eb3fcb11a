/**
 * The virus-scan sweep, started every few minutes by a Temporal Schedule when a scanner is
 * configured (temporal/schedules.ts): files held as "scanning" because the scanner could not be
 * reached when they were attached are scanned again, through one activity.
 */
import { type DocumentScanResult, scanning } from './activities';

export async function documentScan(): Promise<DocumentScanResult> {
  return await scanning.scanHeldDocuments();
}
