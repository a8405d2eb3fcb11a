/**
 * Documents: files attached to a spoke application's evidence items, and their download.
 * Declarations only: the rules live in api/services/documents.ts, which the pages use too.
 */
import { z } from 'zod';
import { DOCUMENT_FIELD, DocumentSchema } from '../../domain/documents';
import { IdParams, IdSchema } from '../../domain/reference-data';
import { CriterionCodeSchema, SPOKE_ACTION_ROLES, SPOKE_READERS } from '../../domain/spoke-accreditation';
import { defineRoute, download, noContent } from '../http/route';
import { attachEvidenceDocuments, loadDocumentInScope, removeEvidenceDocument } from '../services/documents';
import { loadSpokeInScope } from '../services/spoke-applications';

const EvidenceItemParams = z.object({ id: IdSchema, criterionCode: CriterionCodeSchema });
const EvidenceDocumentParams = EvidenceItemParams.extend({ documentId: IdSchema });

export const documentRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/spoke-applications/:id/evidence/:criterionCode/documents',
    summary: 'Attach files to an evidence item (practice)',
    description:
      'multipart/form-data, each file in a part named `file`. Accepted while the practice may (re)submit the item: PDF, DOCX, XLSX, ODT, PNG or JPEG, as detected from the bytes (not the name), not empty, at most DOCUMENT_MAX_BYTES (10 MB by default) each and DOCUMENT_MAX_PER_ITEM (10) per item in a review round. One refused file refuses them all (400 empty or too many, 413 too large, 415 not an allowed type), naming each; nothing is stored. Files stay with the review round they were attached in. With an Idempotency-Key, a retry with the same files answers as the first attempt did and attaches them once; the same key with other files is 409.',
    tags: ['Documents'],
    policy: { roles: SPOKE_ACTION_ROLES.evidence },
    params: EvidenceItemParams,
    idempotent: true,
    scope: ({ actor, params, deps }) => loadSpokeInScope(deps, actor, params.id),
    upload: {
      field: DOCUMENT_FIELD,
      limits: (config) => ({ maxBytes: config.documentLimits.maxBytes, maxFiles: config.documentLimits.maxPerItem }),
    },
    responses: {
      201: { description: 'The attached documents', schema: z.object({ items: z.array(DocumentSchema) }).meta({ id: 'DocumentList' }) },
      409: { description: 'The item cannot change now (its state, or it is accepted)' },
      413: { description: 'A file is over the size limit' },
      415: { description: 'A file is not an allowed type, or the body is not multipart/form-data' },
    },
    handler: async ({ actor, params, deps, resource, files, requestId, idempotencyKey }) => ({
      status: 201,
      body: { items: await attachEvidenceDocuments(deps, actor, resource, params.criterionCode, files, requestId, idempotencyKey) },
    }),
  }),

  defineRoute({
    method: 'delete',
    path: '/api/spoke-applications/:id/evidence/:criterionCode/documents/:documentId',
    summary: 'Remove a file from an evidence item (practice)',
    description:
      'Removes a file attached in the item’s current review round, while the practice may still change the item (the rule for attaching). The attachment is kept as the record (who removed it and when, in the audit trail) and is no longer listed or downloadable; its bytes are deleted unless another attachment refers to the same content. Files of earlier rounds, which the hub reviewed, never change (409), nor do an item’s files once it is sent for review or accepted (409). A document of another application or item, or one removed already, answers 404.',
    tags: ['Documents'],
    policy: { roles: SPOKE_ACTION_ROLES.evidence },
    params: EvidenceDocumentParams,
    scope: ({ actor, params, deps }) => loadSpokeInScope(deps, actor, params.id),
    responses: {
      204: { description: 'Removed' },
      404: { description: 'No such document on this evidence item (or outside your scope)' },
      409: { description: 'The file cannot be removed now: the item cannot change, or the file belongs to an earlier round' },
    },
    handler: async ({ actor, params, deps, resource, requestId }) => {
      await removeEvidenceDocument(deps, actor, resource, params.criterionCode, params.documentId, requestId);
      return noContent();
    },
  }),

  defineRoute({
    method: 'get',
    path: '/api/documents/:id',
    summary: 'Download a document',
    description:
      'The file as it was attached, as an attachment under its sanitised name, with its detected type. Only for people who may see the application it belongs to; any other answers 404.',
    tags: ['Documents'],
    policy: { roles: SPOKE_READERS },
    params: IdParams,
    scope: ({ actor, params, deps }) => loadDocumentInScope(deps, actor, params.id),
    responses: { 200: { description: 'The file', contentType: 'application/octet-stream' } },
    handler: async ({ resource }) => download(resource.bytes, resource.view.mediaType, resource.view.fileName),
  }),
];
