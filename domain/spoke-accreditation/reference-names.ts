/**
 * The practice's and hub's names an application holds: copied from the reference data when a
 * cycle opens, so its pages, deadlines and emails read them without a lookup. A rename in the
 * reference data reaches every open application through this (workflows/reference-data.ts).
 */
import type { SpokeState } from './state';

/** A practice or hub renamed: its id and its new name. */
export interface ReferenceRenamed {
  target: 'practice' | 'hub';
  id: string;
  name: string;
}

/** Takes the new name if the rename is of this application's practice or hub; answers whether anything changed. */
export function applyReferenceRename(s: SpokeState, renamed: ReferenceRenamed): boolean {
  if (renamed.target === 'practice' && renamed.id === s.practiceId && renamed.name !== s.practiceName) {
    s.practiceName = renamed.name;
    return true;
  }
  if (renamed.target === 'hub' && renamed.id === s.hubId && renamed.name !== s.hubName) {
    s.hubName = renamed.name;
    return true;
  }
  return false;
}
