/** A spoke application's supporting documents (`/spoke-applications/:id/documents`): the practice manager attaches and removes them. */
import type { StoredSpoke } from '../../../api/services/spoke-applications';
import { spokeSubject } from '../../../api/services/supporting-documents';
import type { WebDeps } from '../../deps';
import type { CurrentUser } from '../page';
import { supportingDocumentLinks, supportingDocumentPages } from '../supporting-documents';
import { spokeInScope, spokePath } from './shared';

/** The application's supporting documents as its page lists them. */
export const spokeDocumentLinks = (deps: WebDeps, user: CurrentUser, spoke: StoredSpoke) =>
  supportingDocumentLinks(deps, user, spokeSubject(spoke), spokePath(spoke));

export const spokeDocumentPages = supportingDocumentPages<StoredSpoke>({
  path: '/spoke-applications/:id',
  writers: ['practice_manager'],
  scope: spokeInScope,
  subject: spokeSubject,
  home: (spoke) => spokePath(spoke),
  backText: 'Back to the application',
  caption: async (_deps, spoke) => spoke.view.practiceName,
  intro:
    'Attach what the hub and the accreditation panel need to see beside your evidence: the CQC report, the practice’s training policy, the insurance certificate.',
  limitWhere: 'on the application',
});
