// Every workflow the worker runs. Workflow code is bundled: import only @temporalio/workflow
// and pure modules (domain/) from here.
export { commissioning } from './commissioning';
export { deliverQueuedEmail } from './deliver-queued-email';
export { intakeCapacity } from './intake-capacity';
export { recordReferenceData } from './reference-data';
export { sendTestEmail } from './test-email';
export { spokeAccreditation } from './spoke-accreditation';
export { weeklyDigest } from './weekly-digest';
export { documentRetention } from './document-retention';
export { documentScan } from './document-scan';
