import type { Response } from 'express';
import type { WebDeps } from './deps';

/**
 * Renders a view with what every page needs from the request: the signed-in person (`user`,
 * whose csrfToken every form carries) and the script nonce of the Content Security Policy.
 */
export function renderPage(deps: WebDeps, res: Response, view: string, model: Record<string, unknown> = {}, status = 200): void {
  const html = deps.views.render(view, {
    user: res.locals.user,
    csrfToken: (res.locals.user as { csrfToken?: string } | undefined)?.csrfToken,
    cspNonce: res.locals.cspNonce,
    ...model,
  });
  res.status(status).type('html').send(html);
}
