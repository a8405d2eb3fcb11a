import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import helmet from 'helmet';

/**
 * Headers for pages: a Content Security Policy that runs only our own scripts (the one inline
 * script of nhsuk's template carries a per-response nonce), no framing, and no caching of pages
 * that show a person's data.
 */
export function setUpWebSecurity(): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce as string}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  return router;
}
