import express, { type Router } from 'express';
import multer from 'multer';

/** The largest file a form may upload (a CSV of a region's figures is a few kB). */
export const MAX_UPLOAD_BYTES = 100 * 1024;

/**
 * Forms post urlencoded bodies, at most as large as the API's JSON bodies; a form with a file
 * (multipart) is read into memory here too, before the CSRF check reads its `_csrf` field. One
 * file at most, of at most 100 kB; too large answers 413.
 */
export function setUpWebRequestParsing(): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));
  router.use(multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 50, parts: 51 } }).any());
  return router;
}
