/**
 * The pages, served by the same Express app as the API. Reads as the list of what every page
 * request goes through, one concern per step, then the pages, then a 404 and the error page.
 * Paths under /api and /calendar never come here: the API answers them (bearer or calendar
 * tokens only, never a session).
 */
import express, { type Router } from 'express';
import type { WebDeps } from './deps';
import { setUpAuthentication } from './middleware/authentication';
import { setUpCsrf } from './middleware/csrf';
import { setUpCurrentUser } from './middleware/current-user';
import { setUpStaticResources } from './middleware/static-resources';
import { setUpWebRequestParsing } from './middleware/web-request-parsing';
import { setUpWebSecurity } from './middleware/web-security';
import { setUpWebSession } from './middleware/web-session';
import { allPages } from './pages';
import { mountPages, pageErrorHandler } from './pages/router';
import { renderPage } from './render';

export function createWebRouter(deps: WebDeps): Router {
  const web = express.Router();
  // The API and calendar feeds answer problem+json, never a page.
  web.use((req, _res, next) => (/^\/(api|calendar)(\/|$)/.test(req.path) ? next('router') : next()));
  web.use(setUpStaticResources());
  web.use(setUpWebSecurity());
  web.use(setUpWebRequestParsing(deps.config.documentLimits));
  web.use(setUpWebSession(deps));
  web.use(setUpCurrentUser());
  web.use(setUpCsrf(deps));
  web.use(setUpAuthentication(deps));
  web.use(mountPages(allPages(deps), deps));
  web.use((_req, res) => renderPage(deps, res, 'pages/errors/not-found.njk', { pageTitle: 'Page not found' }, 404));
  web.use(pageErrorHandler(deps));
  return web;
}
