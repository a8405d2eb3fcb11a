/**
 * A document's download for people signed in to the pages (`/documents/:id`): the same scope
 * check and headers as the API's GET /api/documents/:id, through the same service.
 */
import { DOCUMENT_READERS, loadDocumentInScope } from '../../api/services/documents';
import { type DocumentView, sizeWords } from '../../domain/documents';
import { IdParams } from '../../domain/reference-data';
import { definePage, file } from './page';

export const documentPath = (id: string) => `/documents/${id}`;

/** What a page shows of a document: its name, a link to it and a line about it. */
export const documentLink = (document: DocumentView) => ({
  ...document,
  href: documentPath(document.id),
  sizeText: sizeWords(document.size),
});

export const documentPages = [
  definePage({
    method: 'get',
    path: '/documents/:id',
    summary: 'Download a document',
    policy: { roles: DOCUMENT_READERS },
    params: IdParams,
    scope: ({ user, params, deps }) => loadDocumentInScope(deps, user.actor, params.id),
    handler: async ({ resource }) => file({ body: resource.bytes, contentType: resource.view.mediaType, filename: resource.view.fileName }),
  }),
];
