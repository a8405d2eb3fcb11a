/**
 * Files sent as multipart/form-data, read into memory by multer within a route's limits. A file
 * over the size limit or one file too many is refused with a problem naming the file; nothing of
 * the request is kept.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import multer from 'multer';
import { refusalWords, sizeWords } from '../../domain/documents';
import { ProblemError } from './problem';

export interface UploadLimits {
  maxBytes: number;
  maxFiles: number;
}

/** The multer middleware for a form's files, and the name of the file it was reading last (for refusals). */
export function uploadReader(field: string, limits: UploadLimits) {
  let current = 'the file';
  const middleware = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: limits.maxBytes, files: limits.maxFiles, fields: 20, parts: limits.maxFiles + 20 },
    fileFilter: (_req, file, accept) => {
      current = file.originalname || 'the file';
      accept(null, true);
    },
  }).array(field, limits.maxFiles);
  return { middleware, currentFile: () => current };
}

/** A multer refusal as the problem the caller reads: which file, and why. */
export function uploadProblem(error: unknown, field: string, limits: UploadLimits, fileName: string): unknown {
  if (!(error instanceof multer.MulterError)) return error;
  switch (error.code) {
    case 'LIMIT_FILE_SIZE': {
      const words = refusalWords({ fileName, reason: `the file is larger than ${sizeWords(limits.maxBytes)}` });
      return new ProblemError(413, `Not attached: ${words}`, { errors: [{ path: field, message: words }] });
    }
    case 'LIMIT_FILE_COUNT':
    case 'LIMIT_UNEXPECTED_FILE':
      return error.field && error.field !== field
        ? new ProblemError(400, `Send files in the form field “${field}”, not “${error.field}”`, {
            errors: [{ path: error.field, message: `not a file field (use ${field})` }],
          })
        : new ProblemError(400, `Not attached: at most ${limits.maxFiles} files can be sent at once`, {
            errors: [{ path: field, message: `more than ${limits.maxFiles} files` }],
          });
    default:
      return new ProblemError(400, `The form could not be read: ${error.message}`);
  }
}

/** Reads a request's files (the API's upload routes); refuses anything but multipart/form-data. */
export async function readUpload(req: Request, res: Response, field: string, limits: UploadLimits): Promise<Express.Multer.File[]> {
  if (!req.is('multipart/form-data')) {
    throw new ProblemError(415, `Send the files as multipart/form-data, each in a part named “${field}”`);
  }
  const reader = uploadReader(field, limits);
  await new Promise<void>((resolve, reject) => {
    reader.middleware(req, res, (error?: unknown) =>
      error ? reject(uploadProblem(error, field, limits, reader.currentFile())) : resolve(),
    );
  });
  return (req.files as Express.Multer.File[] | undefined) ?? [];
}

/**
 * What an upload's Idempotency-Key is bound to: its form fields and each file (field, name and
 * the SHA-256 of its bytes), so a retry with the same files replays and different files are "a
 * different request".
 */
export function uploadFingerprint(fields: unknown, files: readonly Express.Multer.File[]): unknown {
  return {
    fields: fields ?? {},
    files: files.map((f) => [f.fieldname, f.originalname, createHash('sha256').update(f.buffer).digest('hex')]),
  };
}
