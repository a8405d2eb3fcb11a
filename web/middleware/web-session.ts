import cookieParser from 'cookie-parser';
import express, { type Router } from 'express';
import { cookieSettings } from '../cookies';
import type { WebDeps } from '../deps';

/**
 * Finds the session the browser's cookie names (res.locals.session). A cookie that names no
 * valid session (signed out, expired, deactivated) is cleared; the request goes on without one.
 */
export function setUpWebSession(deps: WebDeps): Router {
  const router = express.Router();
  const cookies = cookieSettings(deps.publicUrl);
  router.use(cookieParser());
  router.use(async (req, res, next) => {
    try {
      const value = (req.cookies as Record<string, string | undefined>)[cookies.session];
      const found = await deps.sessions.find(value);
      if (found.status === 'active') res.locals.session = found.session;
      else if (value !== undefined) res.clearCookie(cookies.session, cookies.options);
      if (found.status === 'ended') res.locals.sessionEnded = true;
      next();
    } catch (error) {
      next(error);
    }
  });
  return router;
}
