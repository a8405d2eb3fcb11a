/**
 * What the spoke application pages share: the application a path names, within the person's
 * scope (404 outside it, as in the API), and a refusal from the service shown on the form.
 */
import { toProblem } from '../../../api/http/errors';
import { loadSpokeInScope, type StoredSpoke } from '../../../api/services/spoke-applications';
import { SPOKE_READERS } from '../../../domain/spoke-accreditation';
import type { WebDeps } from '../../deps';
import { type FormErrors, formErrorsFromProblem, refusalStatus } from '../../forms';
import type { CurrentUser, PageResult } from '../page';

export { SPOKE_READERS };

export const spokeInScope = ({ user, params, deps }: { user: CurrentUser; params: { id: string }; deps: WebDeps }) =>
  loadSpokeInScope(deps, user.actor, params.id);

export const spokePath = (spoke: Pick<StoredSpoke, 'id'>, rest = '') => `/spoke-applications/${spoke.id}${rest ? `/${rest}` : ''}`;

/**
 * Runs an action; when the service refuses it (the API's 400, 403 or 409), the form is shown
 * again with the refusal as its error summary, each field error beside its field.
 */
export async function orRefusal(
  run: () => Promise<PageResult>,
  show: (errors: FormErrors, status: number) => Promise<PageResult> | PageResult,
  options: { firstField: string; messages?: Record<string, string> },
): Promise<PageResult> {
  try {
    return await run();
  } catch (error) {
    const problem = toProblem(error);
    const status = refusalStatus(problem);
    if (!status) throw error;
    return show(formErrorsFromProblem(problem, options), status);
  }
}

/** A form's fields without its CSRF token. */
export function fieldsOf(body: unknown): Record<string, unknown> {
  const { _csrf: _token, ...values } = (body ?? {}) as Record<string, unknown>;
  return values;
}
