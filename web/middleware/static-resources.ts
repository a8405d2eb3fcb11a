import path from 'node:path';
import express, { type Router } from 'express';
import { NHSUK_DIST } from '../nunjucks-setup';

/**
 * nhsuk-frontend's styles, script and images from the installed package, under /assets (the
 * path its stylesheet refers to): pages load nothing from another site.
 */
export function setUpStaticResources(): Router {
  const router = express.Router();
  const nhsuk = path.join(NHSUK_DIST, 'nhsuk');
  const options = { maxAge: '1h', index: false, fallthrough: false } as const;
  router.get('/assets/nhsuk-frontend.min.css', (_req, res) => res.sendFile(path.join(nhsuk, 'nhsuk-frontend.min.css'), { maxAge: '1h' }));
  router.get('/assets/nhsuk-frontend.min.js', (_req, res) => res.sendFile(path.join(nhsuk, 'nhsuk-frontend.min.js'), { maxAge: '1h' }));
  router.get('/assets/init.js', (_req, res) => res.sendFile(path.join(__dirname, '..', 'assets', 'init.js'), { maxAge: '1h' }));
  router.use('/assets', express.static(path.join(nhsuk, 'assets'), options));
  return router;
}
