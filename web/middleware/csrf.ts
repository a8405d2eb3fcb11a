import express, { type Router } from 'express';
import type { SignedInSession } from '../../api/auth/sessions';
import { secretsMatch, hashSecret } from '../../api/auth/tokens';
import type { WebDeps } from '../deps';
import { renderPage } from '../render';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The synchronizer-token pattern: every form a signed-in person can post carries their
 * session's token (`_csrf`, put there by the views), and a state-changing request made with a
 * session that does not carry it is refused with 403 before any page handles it. Requests
 * without a session have no authority to borrow (the sign-in forms); bearer-token API calls
 * never reach the pages.
 */
export function setUpCsrf(deps: WebDeps): Router {
  const router = express.Router();
  router.use((req, res, next) => {
    const session = res.locals.session as SignedInSession | undefined;
    if (!session || SAFE_METHODS.has(req.method)) return next();
    const presented = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
    if (typeof presented === 'string' && secretsMatch(presented, hashSecret(session.csrfToken))) return next();
    req.log?.warn({ path: req.path }, 'form refused: CSRF token missing or wrong');
    renderPage(deps, res, 'pages/form-expired.njk', { pageTitle: 'This form has expired' }, 403);
  });
  return router;
}
