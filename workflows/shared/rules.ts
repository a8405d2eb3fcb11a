import { patched } from '@temporalio/workflow';
import type { FollowsRules } from '../../domain/rule-changes';

/**
 * Adopts every rule change this code knows and the workflow does not follow yet. patched() is
 * true for a workflow running on this code, and, when replaying, only from where the history
 * adopted it: replay makes the decisions it made. Call at start and at every step.
 */
export function adoptRules(state: FollowsRules, changes: readonly string[]): void {
  for (const change of changes) {
    if (state.rules?.includes(change)) continue;
    if (patched(change)) state.rules = [...(state.rules ?? []), change];
  }
}

/** The changes a new workflow starts with (all of them, unless it is replaying an older history). */
export function rulesAtStart(changes: readonly string[]): string[] {
  const state: FollowsRules = {};
  adoptRules(state, changes);
  return state.rules ?? [];
}
