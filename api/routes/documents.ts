/**
 * Documents: files attached to a spoke application's evidence items, and their download.
 * Declarations only: the rules live in api/services/documents.ts, which the pages use too.
 */
import { create as contentDisposition } from 'content-disposition';
import { z } from 'zod';
import { DOCUMENT_FIELD, DocumentSchema } from '../../domain/documents';
import { IdParams, IdSchema } from '../../domain/reference-data';
import { CriterionCodeSchema, SPOKE_ACTION_ROLES, SPOKE_READERS } from '../../domain/spoke-accreditation';
import { defineRoute, ok } from '../http/route';
import { attachEvidenceDocuments, loadDocumentInScope } from '../services/documents';
import { loadSpokeInScope } from '../services/spoke-applications';

const EvidenceItemParams = z.object({ id: IdSchema, criterionCode: CriterionCodeSchema });

export const documentRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/spoke-applications/:id/evidence/:criterionCode/documents',
    summary: 'Attach files to an evidence item (practice)',
    description:
      'multipart/form-data, each file in a part named `file`. Accepted while the practice may (re)submit the item: PDF, DOCX, XLSX, ODT, PNG or JPEG, as detected from the bytes (not the name), not empty, at most DOCUMENT_MAX_BYTES (10 MB by default) each and DOCUMENT_MAX_PER_ITEM (10) per item in a review round. One refused file refuses them all (400 empty or too many, 413 too large, 415 not an allowed type), naming each; nothing is stored. Files stay with the review round they were attached in.',
    tags: ['Documents'],
    policy: { roles: SPOKE_ACTION_ROLES.evidence },
    params: EvidenceItemParams,
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
    handler: async ({ actor, params, deps, resource, files, requestId }) => ({
      status: 201,
      body: { items: await attachEvidenceDocuments(deps, actor, resource, params.criterionCode, files, requestId) },
    }),
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
    handler: async ({ resource }) => ({
      ...ok(Buffer.from(resource.bytes)),
      contentType: resource.view.mediaType,
      headers: {
        'Content-Disposition': contentDisposition(resource.view.fileName, { type: 'attachment' }),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      },
    }),
  }),
];
