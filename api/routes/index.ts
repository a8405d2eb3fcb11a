import type { AnyRoute } from '../http/route';
import { adminRoutes } from './admin';
import { healthRoutes } from './health';
import { universityRoutes } from './universities';
import { userRoutes } from './users';
import { meRoutes } from './me';
import { organisationRoutes } from './organisations';
import { programmeRoutes } from './programmes';
import { intakeRoutes } from './intakes';
import { hubRoutes } from './hubs';
import { practiceRoutes } from './practices';
import { criteriaSetRoutes } from './criteria-sets';
import { referenceRenameRoutes } from './reference-rename';
import { auditEventRoutes } from './audit-events';
import { eoiRoutes } from './eois';
import { intakeCapacityRoutes } from './intake-capacity';
import { spokeApplicationRoutes } from './spoke-applications';
import { documentRoutes } from './documents';
import { signedDocumentRoutes } from './signed-documents';
import { deadlineRoutes } from './deadlines';
import { calendarRoutes } from './calendar';
import { codecRoutes } from './codec';
import { outboxRoutes } from './outbox';
import { fairShareRoutes } from './fair-share';
import { reportRoutes } from './reports';
import { exportRoutes } from './exports';

/** Every route the API serves; the OpenAPI document is generated from this same list. */
export const allRoutes: readonly AnyRoute[] = [
  ...healthRoutes,
  ...adminRoutes,
  ...outboxRoutes,
  ...universityRoutes,
  ...userRoutes,
  ...meRoutes,
  ...organisationRoutes,
  ...programmeRoutes,
  ...intakeRoutes,
  ...hubRoutes,
  ...practiceRoutes,
  ...criteriaSetRoutes,
  ...referenceRenameRoutes,
  ...auditEventRoutes,
  ...eoiRoutes,
  ...intakeCapacityRoutes,
  ...spokeApplicationRoutes,
  ...documentRoutes,
  ...signedDocumentRoutes,
  ...deadlineRoutes,
  ...calendarRoutes,
  ...codecRoutes,
  ...fairShareRoutes,
  ...reportRoutes,
  ...exportRoutes,
];
