/**
 * Documents: files attached to a spoke application's evidence items, supporting documents of EOIs
 * and spoke applications, and their download.
 * Declarations only: the rules live in api/services/documents.ts, which the pages use too.
 */
import { z } from 'zod';
import { DOCUMENT_FIELD, DocumentSchema } from '../../domain/documents';
import { IdParams, IdSchema } from '../../domain/reference-data';
import { EOI_READERS } from '../../domain/eoi';
import { CriterionCodeSchema, SPOKE_ACTION_ROLES, SPOKE_READERS } from '../../domain/spoke-accreditation';
import { defineRoute, download, noContent } from '../http/route';
import { attachEvidenceDocuments, DOCUMENT_READERS, loadDocumentInScope, removeEvidenceDocument } from '../services/documents';
import {
  attachSupportingDocuments,
  eoiSubject,
  removeSupportingDocument,
  spokeSubject,
  supportingDocuments,
} from '../services/supporting-documents';
import type { ApiDeps } from '../deps';
import type { Actor } from '../../domain/roles';
import { loadEoiInScope } from '../services/eois';
import { loadSpokeInScope } from '../services/spoke-applications';

const EvidenceItemParams = z.object({ id: IdSchema, criterionCode: CriterionCodeSchema });
const EvidenceDocumentParams = EvidenceItemParams.extend({ documentId: IdSchema });
const SupportingDocumentParams = IdParams.extend({ documentId: IdSchema });
const DocumentList = z.object({ items: z.array(DocumentSchema) }).meta({ id: 'DocumentList' });
const uploadLimits = {
  field: DOCUMENT_FIELD,
  limits: (config: { documentLimits: { maxBytes: number; maxPerItem: number } }) => ({
    maxBytes: config.documentLimits.maxBytes,
    maxFiles: config.documentLimits.maxPerItem,
  }),
};

/** The processes that take supporting documents: where, who reads, who writes, in whose words. */
const SUPPORTING = {
  eoi: {
    base: '/api/eois/:id',
    readers: EOI_READERS,
    writer: 'org_submitter',
    what: 'an EOI',
    who: 'organisation',
    examples: 'a job description, a business case, the HR arrangements',
    closed: 'enrolled, declined or withdrawn',
    load: async (deps: ApiDeps, actor: Actor, id: string) => eoiSubject(await loadEoiInScope(deps, actor, id)),
  },
  spoke: {
    base: '/api/spoke-applications/:id',
    readers: SPOKE_READERS,
    writer: 'practice_manager',
    what: 'a spoke application',
    who: 'practice',
    examples: 'the CQC report, a training policy, the insurance certificate',
    closed: 'rejected, withdrawn or lapsed',
    load: async (deps: ApiDeps, actor: Actor, id: string) => spokeSubject(await loadSpokeInScope(deps, actor, id)),
  },
} as const;

/** Listing, attaching and removing a process's supporting documents: the same three routes for each. */
function supportingDocumentRoutes(s: (typeof SUPPORTING)[keyof typeof SUPPORTING]) {
  return [
    defineRoute({
      method: 'get',
      path: `${s.base}/documents`,
      summary: `List the supporting documents of ${s.what}`,
      description: `The files attached to it and not removed, oldest first. For everyone who may read it.`,
      tags: ['Documents'],
      policy: { roles: s.readers },
      params: IdParams,
      scope: ({ actor, params, deps }) => s.load(deps, actor, params.id),
      responses: { 200: { description: 'The supporting documents', schema: DocumentList } },
      handler: async ({ actor, deps, resource }) => ({
        status: 200,
        body: { items: (await supportingDocuments(deps, actor, resource)).map(({ removable: _removable, ...document }) => document) },
      }),
    }),

    defineRoute({
      method: 'post',
      path: `${s.base}/documents`,
      summary: `Attach supporting documents to ${s.what} (${s.who})`,
      description: `multipart/form-data, each file in a part named \`file\`: ${s.examples}. Accepted from the ${s.who} while it is open (409 once ${s.closed}). The same checks as evidence files: PDF, DOCX, XLSX, ODT, PNG or JPEG as detected from the bytes, not empty, at most DOCUMENT_MAX_BYTES each and DOCUMENT_MAX_PER_ITEM supporting documents in all, and the virus scan when one is configured (422). One refused file refuses them all (400, 413, 415, 422), naming each; nothing is stored. With an Idempotency-Key a retry attaches the files once.`,
      tags: ['Documents'],
      policy: { roles: [s.writer] },
      params: IdParams,
      idempotent: true,
      scope: ({ actor, params, deps }) => s.load(deps, actor, params.id),
      upload: uploadLimits,
      responses: {
        201: { description: 'The attached documents', schema: DocumentList },
        409: { description: `Closed (${s.closed}): its documents cannot change` },
        413: { description: 'A file is over the size limit' },
        415: { description: 'A file is not an allowed type, or the body is not multipart/form-data' },
        422: { description: 'The virus scan found something in a file' },
      },
      handler: async ({ actor, deps, resource, files, requestId, idempotencyKey }) => ({
        status: 201,
        body: { items: await attachSupportingDocuments(deps, actor, resource, files, requestId, idempotencyKey) },
      }),
    }),

    defineRoute({
      method: 'delete',
      path: `${s.base}/documents/:documentId`,
      summary: `Remove a supporting document from ${s.what} (${s.who})`,
      description:
        'Removes a file attached in the current stage while the process is open. Once it has moved on (reviewed, decided) its earlier files were seen by the people who acted and stay as the record (409). The attachment is kept with who removed it and when, and is no longer listed or downloadable. A document of another process, or one removed already, answers 404.',
      tags: ['Documents'],
      policy: { roles: [s.writer] },
      params: SupportingDocumentParams,
      scope: ({ actor, params, deps }) => s.load(deps, actor, params.id),
      responses: {
        204: { description: 'Removed' },
        404: { description: 'No such supporting document here (or outside your scope)' },
        409: { description: 'The file cannot be removed now: closed, or attached before the current stage' },
      },
      handler: async ({ actor, params, deps, resource, requestId }) => {
        await removeSupportingDocument(deps, actor, resource, params.documentId, requestId);
        return noContent();
      },
    }),
  ];
}

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
    upload: uploadLimits,
    responses: {
      201: { description: 'The attached documents', schema: DocumentList },
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

  ...supportingDocumentRoutes(SUPPORTING.eoi),
  ...supportingDocumentRoutes(SUPPORTING.spoke),

  defineRoute({
    method: 'get',
    path: '/api/documents/:id',
    summary: 'Download a document',
    description:
      'The file as it was attached, as an attachment under its sanitised name, with its detected type. Only for people who may see the application or EOI it belongs to; any other answers 404.',
    tags: ['Documents'],
    policy: { roles: DOCUMENT_READERS },
    params: IdParams,
    scope: ({ actor, params, deps }) => loadDocumentInScope(deps, actor, params.id),
    responses: { 200: { description: 'The file', contentType: 'application/octet-stream' } },
    handler: async ({ resource }) => download(resource.bytes, resource.view.mediaType, resource.view.fileName),
  }),
];
