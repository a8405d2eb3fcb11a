/**
 * The Learning and Development Agreement as a document on the pages: the unsigned PDF the practice
 * signs, each signed version's download, and HEE staff's countersignature (a typed name, after
 * reading what they sign). The same services and rules as the API (api/services/signed-documents.ts).
 */
import {
  countersignAgreement,
  currentAgreement,
  loadSignedDocumentInScope,
  signedDocumentsOf,
  unsignedAgreement,
} from '../../../api/services/signed-documents';
import type { StoredSpoke } from '../../../api/services/spoke-applications';
import { IdParams } from '../../../domain/reference-data';
import { ROLES } from '../../../domain/roles';
import {
  agreementTerms,
  COUNTERSIGNING_ROLES,
  countersignRefusal,
  SignedDocumentParams,
  type SignedDocumentView,
} from '../../../domain/signed-documents';
import { SignatureBody } from '../../../domain/spoke-accreditation';
import type { WebDeps } from '../../deps';
import { formOf } from '../../form-fields';
import type { FormErrors } from '../../forms';
import { type CurrentUser, definePage, file, type PageResult, redirect, render } from '../page';
import { fieldsOf, orRefusal, SPOKE_READERS, spokeInScope, spokePath } from './shared';

export const signedDocumentPath = (id: string) => `/signed-documents/${encodeURIComponent(id)}`;
export const agreementPdfPath = (spoke: Pick<StoredSpoke, 'id'>) => spokePath(spoke, 'agreement.pdf');

const SignatureForm = formOf(SignatureBody, (f) => ({ signedBy: typeof f.signedBy === 'string' ? f.signedBy.trim() : f.signedBy }));

/** What the application page shows of the agreement: the PDF to sign, the signed versions, and whether the person may countersign now. */
export async function agreementModel(deps: WebDeps, user: CurrentUser, spoke: StoredSpoke) {
  const terms = agreementTerms(spoke.view);
  if (!terms) return undefined;
  const versions = await signedDocumentsOf(deps, 'spoke_application', spoke.id);
  // The current cycle's newest version, from the versions just read (newest first).
  const latest = versions.find((v) => v.terms.documentKey === terms.documentKey);
  return {
    unsignedHref: agreementPdfPath(spoke),
    versions: versions.map((v) => ({ ...v, href: signedDocumentPath(v.id) })),
    countersignHref:
      COUNTERSIGNING_ROLES.includes(user.actor.role) && latest && !countersignRefusal(latest)
        ? spokePath(spoke, 'agreement-countersignature')
        : undefined,
  };
}

async function countersignForm(
  deps: WebDeps,
  spoke: StoredSpoke,
  values: Record<string, unknown>,
  errors?: FormErrors,
  status = 200,
): Promise<PageResult> {
  const latest: SignedDocumentView | undefined = await currentAgreement(deps, spoke);
  return render(
    'pages/spoke-applications/countersignature.njk',
    {
      pageTitle: 'Countersign the Learning and Development Agreement',
      view: spoke.view,
      latest: latest && { ...latest, href: signedDocumentPath(latest.id) },
      refusal: countersignRefusal(latest),
      values,
      errors,
    },
    status,
  );
}

export const agreementPages = [
  definePage({
    method: 'get',
    path: '/spoke-applications/:id/agreement.pdf',
    summary: 'Download the Learning and Development Agreement to sign',
    policy: { roles: SPOKE_READERS },
    params: IdParams,
    scope: spokeInScope,
    handler: async ({ resource }) => {
      const document = await unsignedAgreement(resource);
      return file({ body: document.bytes, contentType: 'application/pdf', filename: document.fileName });
    },
  }),
  definePage({
    method: 'get',
    path: '/signed-documents/:id',
    summary: 'Download a signed document',
    policy: { roles: ROLES },
    params: SignedDocumentParams,
    scope: ({ user, params, deps }) => loadSignedDocumentInScope(deps, user.actor, params.id),
    handler: async ({ resource }) => file({ body: resource.bytes, contentType: 'application/pdf', filename: resource.view.fileName }),
  }),
  definePage({
    method: 'get',
    path: '/spoke-applications/:id/agreement-countersignature',
    summary: 'Countersign the Learning and Development Agreement',
    policy: { roles: COUNTERSIGNING_ROLES },
    params: IdParams,
    scope: spokeInScope,
    handler: async ({ deps, resource }) => countersignForm(deps, resource, {}),
  }),
  definePage({
    method: 'post',
    path: '/spoke-applications/:id/agreement-countersignature',
    summary: 'Countersign the Learning and Development Agreement',
    policy: { roles: COUNTERSIGNING_ROLES },
    params: IdParams,
    scope: spokeInScope,
    body: SignatureForm,
    messages: { signedBy: 'Enter your full name to countersign' },
    invalid: async ({ deps, resource, req }, errors) => countersignForm(deps, resource, fieldsOf(req.body), errors, 400),
    handler: async ({ deps, user, resource, body, req, requestId }) =>
      orRefusal(
        async () => {
          await countersignAgreement(deps, user!.actor, resource, body.signedBy, requestId);
          return redirect(`${spokePath(resource.view)}?done=countersigned`);
        },
        (errors, status) => countersignForm(deps, resource, fieldsOf(req.body), errors, status),
        { firstField: 'signedBy' },
      ),
  }),
];
