/**
 * The Learning and Development Agreement as a document: the unsigned PDF, its signed versions,
 * HEE staff's countersignature and downloads. Declarations only: api/services/signed-documents.ts.
 */
import { z } from 'zod';
import { EOI_READERS } from '../../domain/eoi';
import { IdParams } from '../../domain/reference-data';
import { ROLES } from '../../domain/roles';
import { COUNTERSIGNING_ROLES, SignedDocumentParams, SignedDocumentSchema } from '../../domain/signed-documents';
import { SignatureBody, SPOKE_READERS } from '../../domain/spoke-accreditation';
import { defineRoute, download, ok } from '../http/route';
import { countersignAgreement, loadSignedDocumentInScope, signedDocumentsOf, unsignedAgreement } from '../services/signed-documents';
import { loadEoiInScope } from '../services/eois';
import { loadSpokeInScope } from '../services/spoke-applications';

const pdf = (bytes: Uint8Array, fileName: string) => download(bytes, 'application/pdf', fileName);

export const signedDocumentRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/spoke-applications/:id/agreement.pdf',
    summary: 'The Learning and Development Agreement to sign (PDF)',
    description:
      'The agreement of the application’s current accreditation cycle as issued once HEE approved it: parties, details and terms, without signatures. The same record always gives the same bytes, so its SHA-256 (header `Digest-SHA256`) is the one printed on each signature page. 404 before approval.',
    tags: ['Documents'],
    policy: { roles: SPOKE_READERS },
    params: IdParams,
    scope: ({ actor, params, deps }) => loadSpokeInScope(deps, actor, params.id),
    responses: { 200: { description: 'The unsigned agreement', contentType: 'application/pdf' } },
    handler: async ({ resource }) => {
      const document = await unsignedAgreement(resource);
      const response = pdf(document.bytes, document.fileName);
      return { ...response, headers: { ...response.headers, 'Digest-SHA256': document.sha256 } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/spoke-applications/:id/signed-documents',
    summary: 'The signed versions of the application’s agreements, newest first',
    description:
      'One version when the practice signs (its signature page), one more when HEE staff countersign (both pages). Each names who signed, as what, for whom, when, and the SHA-256 of the unsigned agreement and of the signed PDF.',
    tags: ['Documents'],
    policy: { roles: SPOKE_READERS },
    params: IdParams,
    scope: ({ actor, params, deps }) => loadSpokeInScope(deps, actor, params.id),
    responses: {
      200: {
        description: 'The signed versions',
        schema: z.object({ items: z.array(SignedDocumentSchema) }).meta({ id: 'SignedDocumentList' }),
      },
    },
    handler: async ({ deps, resource }) => ok({ items: await signedDocumentsOf(deps, 'spoke_application', resource.id) }),
  }),

  defineRoute({
    method: 'post',
    path: '/api/spoke-applications/:id/agreement-countersignature',
    summary: 'Countersign the Learning and Development Agreement (HEE staff)',
    description:
      'After the practice signed the agreement of the current accreditation cycle: a new signed version with the practice’s signature page and the countersigner’s, recorded with both hashes in the audit trail. 409 before the practice signs, or when it is countersigned already.',
    tags: ['Documents'],
    policy: { roles: COUNTERSIGNING_ROLES },
    params: IdParams,
    body: SignatureBody,
    scope: ({ actor, params, deps }) => loadSpokeInScope(deps, actor, params.id),
    responses: {
      201: { description: 'The countersigned version', schema: SignedDocumentSchema },
      409: { description: 'Not signed by the practice yet, or countersigned already' },
    },
    handler: async ({ actor, deps, resource, body, requestId }) => ({
      status: 201,
      body: await countersignAgreement(deps, actor, resource, body.signedBy, requestId),
    }),
  }),

  defineRoute({
    method: 'get',
    path: '/api/eois/:id/signed-documents',
    summary: 'The confirmations of support returned for the EOI’s candidates, as signed PDFs, newest first',
    description:
      'One for each accepted candidate whose confirmation the organisation returned: who signed, as what, for which organisation, when, and the SHA-256 of the unsigned confirmation and of the signed PDF.',
    tags: ['Documents'],
    policy: { roles: EOI_READERS },
    params: IdParams,
    scope: ({ actor, params, deps }) => loadEoiInScope(deps, actor, params.id),
    responses: { 200: { description: 'The signed confirmations', schema: z.object({ items: z.array(SignedDocumentSchema) }) } },
    handler: async ({ deps, resource }) => ok({ items: await signedDocumentsOf(deps, 'eoi', resource.id) }),
  }),

  defineRoute({
    method: 'get',
    path: '/api/signed-documents/:id',
    summary: 'Download a signed document (PDF)',
    description:
      'An agreement or a confirmation of support. Only for people who may see the application or EOI it belongs to; any other answers 404.',
    tags: ['Documents'],
    policy: { roles: ROLES },
    params: SignedDocumentParams,
    scope: ({ actor, params, deps }) => loadSignedDocumentInScope(deps, actor, params.id),
    responses: { 200: { description: 'The signed PDF', contentType: 'application/pdf' } },
    handler: async ({ resource }) => pdf(resource.bytes, resource.view.fileName),
  }),
];
