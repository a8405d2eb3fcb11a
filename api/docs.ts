import express, { type Express } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Trainflow API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

// A separate script file (not inline) keeps the Content-Security-Policy strict.
const init = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/** A browsable API page at /docs, served from the npm-installed swagger-ui-dist (no CDN). */
export function mountDocs(app: Express): void {
  app.use('/docs/assets', express.static(getAbsoluteFSPath(), { index: false, maxAge: '1h' }));
  app.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(init);
  });
  app.get(['/docs', '/docs/'], (_req, res) => {
    res.type('html').send(page);
  });
}
