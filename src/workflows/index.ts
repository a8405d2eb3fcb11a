// Every workflow the worker runs. Workflow code is bundled: import only @temporalio/workflow
// and pure modules (domain/) from here.
export { recordReferenceData } from './reference-data';
export { sendTestEmail } from './test-email';
