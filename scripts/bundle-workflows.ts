/**
 * `node dist/scripts/bundle-workflows.js FILE`: bundles the workflow code (with the tracing
 * interceptors, as the worker would) into FILE at image build time, so a container's worker
 * starts without webpack; TRAINFLOW_WORKFLOW_BUNDLE=FILE points the worker at it.
 */
import fs from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../worker/worker';

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: bundle-workflows FILE');
  const { code } = await bundleWorkflowCode(workflowBundleOptions);
  fs.writeFileSync(file, code);
  console.log(`Workflow bundle: ${file} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
