import { CACHED_WORKFLOW_MIB, defaultMaxCachedWorkflows, sharedWorkflowModules, workflowBundleOptions } from '../../worker/worker';

describe("the worker's memory", () => {
  it('keeps as many workflows cached as fit in the heap, leaving room for the rest', () => {
    expect(defaultMaxCachedWorkflows(4096)).toBe(Math.floor((4096 - 256) / CACHED_WORKFLOW_MIB));
    expect(defaultMaxCachedWorkflows(2048)).toBe(448);
    // The SDK's default for the same heaps, about 1.7 MiB a workflow, is what ran out of heap.
    expect(defaultMaxCachedWorkflows(4096)).toBeLessThan(Math.floor(((4096 - 200) * 600) / 1024));
  });

  it('keeps at least ten however small the heap', () => {
    expect(defaultMaxCachedWorkflows(300)).toBe(11);
    expect(defaultMaxCachedWorkflows(100)).toBe(10);
  });

  it('bundles the workflow code with the stateless libraries shared by every workflow, and never domain/ or workflows/', () => {
    expect(workflowBundleOptions.preloadModules).toEqual(sharedWorkflowModules);
    expect(sharedWorkflowModules).toEqual(expect.arrayContaining(['zod', '@js-joda/core', '@js-joda/timezone']));
    expect(sharedWorkflowModules.filter((name) => name.startsWith('.') || name.includes('domain') || name.includes('workflows'))).toEqual(
      [],
    );
  });
});
