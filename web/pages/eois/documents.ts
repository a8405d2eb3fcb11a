/** An EOI's supporting documents (`/eois/:id/documents`): the organisation's submitter attaches and removes them. */
import { eoiSubject } from '../../../api/services/supporting-documents';
import type { StoredEoi } from '../../../api/services/eois';
import type { WebDeps } from '../../deps';
import type { CurrentUser } from '../page';
import { supportingDocumentLinks, supportingDocumentPages } from '../supporting-documents';
import { eoiHeading, eoiInScope } from './shared';

export const eoiDocumentsPath = (eoiId: string) => `/eois/${encodeURIComponent(eoiId)}/documents`;
const eoiPath = (eoi: StoredEoi) => `/eois/${encodeURIComponent(eoi.id)}`;

/** The EOI's documents as its page lists them. */
export const eoiDocumentLinks = (deps: WebDeps, user: CurrentUser, eoi: StoredEoi) =>
  supportingDocumentLinks(deps, user, eoiSubject(eoi), eoiPath(eoi));

export const eoiDocumentPages = supportingDocumentPages<StoredEoi>({
  path: '/eois/:id',
  writers: ['org_submitter'],
  scope: eoiInScope,
  subject: eoiSubject,
  home: eoiPath,
  backText: 'Back to the expression of interest',
  caption: async (deps, eoi) => {
    const { names } = await eoiHeading(deps, eoi.view);
    return `${names.organisation}: ${names.programme}`;
  },
  intro:
    'Attach what the university and the commissioners need to see with your expression of interest: the job description and person specification, a business case, the HR arrangements.',
  limitWhere: 'on the expression of interest',
});
