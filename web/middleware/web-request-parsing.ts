import express, { type Router } from 'express';
import multer from 'multer';
import { type UploadLimits, uploadProblem, uploadReader } from '../../api/http/uploads';
import { DOCUMENT_FIELD, type DocumentLimits } from '../../domain/documents';

/** The largest file a form may upload (a CSV of a region's figures is a few kB). */
export const MAX_UPLOAD_BYTES = 100 * 1024;

/** The pages that take documents: an evidence answer, the supporting documents of an EOI or an application. */
const DOCUMENT_PAGES = /^\/(spoke-applications\/[^/]+\/evidence\/[^/]+|(eois|spoke-applications)\/[^/]+\/documents)$/;

/**
 * Forms post urlencoded bodies, at most as large as the API's JSON bodies; a form with a file
 * (multipart) is read into memory here too, before the CSRF check reads its `_csrf` field. One
 * file at most, of at most 100 kB; too large answers 413. The document pages take documents
 * instead, within the document limits: a file over them is not an error page but a refusal the
 * page shows on its form (`res.locals.uploadRefusal`), the fields sent before it kept.
 */
export function setUpWebRequestParsing(documentLimits: DocumentLimits): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));
  const forms = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 50, parts: 51 } }).any();
  const limits: UploadLimits = { maxBytes: documentLimits.maxBytes, maxFiles: documentLimits.maxPerItem };
  router.use((req, res, next) => {
    if (req.method !== 'POST' || !DOCUMENT_PAGES.test(req.path)) {
      forms(req, res, next);
      return;
    }
    const documents = uploadReader(DOCUMENT_FIELD, limits);
    documents.middleware(req, res, (error?: unknown) => {
      if (!(error instanceof multer.MulterError)) return next(error);
      res.locals.uploadRefusal = uploadProblem(error, DOCUMENT_FIELD, limits, documents.currentFile());
      req.files = [];
      req.body ??= {};
      next();
    });
  });
  return router;
}
