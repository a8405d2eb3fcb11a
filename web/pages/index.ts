import type { WebDeps } from '../deps';
import { criteriaSetPages } from './criteria-sets';
import { deadlinePages } from './deadlines';
import { documentPages } from './documents';
import { eoiActionPageList } from './eois/actions';
import { eoiDocumentPages } from './eois/documents';
import { eoiPages } from './eois/eoi';
import { startEoiPages } from './eois/start';
import { withdrawPages } from './eois/withdraw';
import { fairSharePages } from './fair-share';
import { homePages } from './home';
import { intakePages } from './intakes';
import { outboxPages } from './outbox';
import { referenceDataPages } from './reference-data';
import { reportPages } from './reports';
import type { AnyPage } from './page';
import { spokeApplicationPages } from './spoke-applications';
import { usersPages } from './users';

/** Every page behind sign-in (the sign-in pages themselves are mounted by setUpAuthentication). */
export function allPages(_deps: WebDeps): readonly AnyPage[] {
  // The start pages before the EOI page: /eois/new must not be read as the EOI "new".
  return [
    ...homePages,
    ...usersPages,
    ...referenceDataPages,
    ...criteriaSetPages,
    ...outboxPages,
    ...spokeApplicationPages,
    ...startEoiPages,
    ...eoiPages,
    ...eoiDocumentPages,
    ...eoiActionPageList,
    ...withdrawPages,
    ...fairSharePages,
    ...reportPages,
    ...intakePages,
    ...documentPages,
    ...deadlinePages,
  ];
}
