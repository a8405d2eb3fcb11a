import { actionPlanPages } from './action-plan';
import { agreementPages } from './agreement';
import { applicationPages } from './application';
import { applyPages } from './apply';
import { spokeDocumentPages } from './documents';
import { evidencePages } from './evidence';
import { hubActionPages } from './hub-actions';
import { peoplePages } from './people';
import { practiceActionPages } from './practice-actions';

/** The spoke application pages: /spoke-applications/new before /spoke-applications/:id, which would take "new" for an id. */
export const spokeApplicationPages = [
  ...applyPages,
  ...applicationPages,
  ...evidencePages,
  ...hubActionPages,
  ...actionPlanPages,
  ...practiceActionPages,
  ...agreementPages,
  ...peoplePages,
  ...spokeDocumentPages,
];
