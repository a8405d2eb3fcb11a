import express, { type Router } from 'express';

/** Forms post urlencoded bodies, at most as large as the API's JSON bodies. */
export function setUpWebRequestParsing(): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));
  return router;
}
