/**
 * Documents attached to evidence: which files are accepted (by their content, not their name),
 * how large and how many, the name a file is stored and downloaded under, and which review round
 * a new file belongs to. Plain rules: the API and the pages call them alike.
 */
import { z } from 'zod';

/** The types a document may be, detected from its bytes; each with the extensions its name may end in. */
export const DOCUMENT_TYPES = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word (DOCX)', extensions: ['docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { label: 'Excel (XLSX)', extensions: ['xlsx'] },
  'application/vnd.oasis.opendocument.text': { label: 'OpenDocument text (ODT)', extensions: ['odt'] },
  'image/png': { label: 'PNG', extensions: ['png'] },
  'image/jpeg': { label: 'JPEG', extensions: ['jpg', 'jpeg'] },
} as const;
export type DocumentMediaType = keyof typeof DOCUMENT_TYPES;

export const isDocumentType = (mediaType: string | undefined): mediaType is DocumentMediaType =>
  mediaType !== undefined && Object.hasOwn(DOCUMENT_TYPES, mediaType);

/** "PDF, Word (DOCX), ... or JPEG": for refusals and the pages' hints. */
export const ALLOWED_TYPE_WORDS = (() => {
  const labels = Object.values(DOCUMENT_TYPES).map((t) => t.label);
  return `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`;
})();

/** The form field (multipart part) files are sent in, on the API and the pages. */
export const DOCUMENT_FIELD = 'file';

export interface DocumentLimits {
  /** The largest file accepted, in bytes (DOCUMENT_MAX_BYTES, 10 MB by default). */
  maxBytes: number;
  /** The most files one evidence item may have in one review round, and an EOI in all (DOCUMENT_MAX_PER_ITEM). */
  maxPerItem: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = { maxBytes: 10 * 1024 * 1024, maxPerItem: 10 };

/** "10 MB", "512 kB", "300 bytes": a limit as people read it. */
export function sizeWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} kB`;
  return `${bytes} bytes`;
}

const MAX_NAME_LENGTH = 120;

/**
 * The name a file is stored and offered for download under: no folders, no control or markup
 * characters, no leading dots, at most 120 characters, and ending in an extension of the type its
 * bytes were found to be (a PNG uploaded as "photo" becomes "photo.png").
 */
export function sanitiseFileName(original: string, mediaType: DocumentMediaType): string {
  const extensions: readonly string[] = DOCUMENT_TYPES[mediaType].extensions;
  const base = original.split(/[/\\]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()+,-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/_+/g, '_')
    .replace(/^[\s._]+|[\s.]+$/g, '');
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  let stem = extensions.includes(extension) ? name.slice(0, dot) : name;
  stem = stem.replace(/[\s.]+$/g, '') || 'document';
  const suffix = `.${extensions.includes(extension) ? extension : extensions[0]}`;
  name = stem.slice(0, MAX_NAME_LENGTH - suffix.length).replace(/[\s.]+$/g, '') + suffix;
  return name;
}

export interface IncomingFile {
  name: string;
  size: number;
  /** The type detected from the bytes; undefined when nothing was recognised. */
  detectedType?: string;
}

export interface DocumentRefusal {
  status: 400 | 413 | 415 | 422;
  /** The file's name as it was sent. */
  fileName: string;
  reason: string;
}

/** A refusal in words, naming the file: “notes.pdf”: the file is empty. */
export const refusalWords = (refusal: Pick<DocumentRefusal, 'fileName' | 'reason'>) => `“${refusal.fileName}”: ${refusal.reason}`;

/** Why one file is refused (empty, too large, not an allowed type), or undefined when it is accepted. */
export function checkDocument(file: IncomingFile, limits: DocumentLimits): DocumentRefusal | undefined {
  const fileName = file.name || 'the file';
  if (file.size === 0) return { status: 400, fileName, reason: 'the file is empty' };
  if (file.size > limits.maxBytes) return { status: 413, fileName, reason: `the file is larger than ${sizeWords(limits.maxBytes)}` };
  if (!isDocumentType(file.detectedType)) {
    return { status: 415, fileName, reason: `the file is not a ${ALLOWED_TYPE_WORDS} file (whatever its name says)` };
  }
  return undefined;
}

/**
 * A file's virus scan (when a ClamAV daemon is configured): none (no scanner when it was
 * attached), clean, scanning (the scanner could not be reached: the file is held, listed but not
 * downloadable, until the scan sweep passes it), or infected (removed by the sweep).
 */
export const SCAN_STATUSES = ['none', 'clean', 'scanning', 'infected'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

/** The refusal of a file the virus scan found something in: nothing is stored. */
export function infectedRefusal(fileName: string, findings: readonly string[]): DocumentRefusal {
  return { status: 422, fileName: fileName || 'the file', reason: `the virus scan found ${findings.join(', ')} in it` };
}

/** Why a held file cannot be downloaded yet. */
export const heldWords = (fileName: string) =>
  `“${fileName}” is still being checked for viruses: it can be downloaded once the check has passed`;

/**
 * A refusal when adding files would take an item over its count: an evidence item's in a review
 * round, or an EOI's supporting documents (`holder` names which).
 */
export function checkDocumentCount(
  already: number,
  adding: number,
  limits: DocumentLimits,
  holder = 'an evidence item may have at most {n} files in a round',
): string | undefined {
  if (already + adding <= limits.maxPerItem) return undefined;
  const left = Math.max(0, limits.maxPerItem - already);
  return `${holder.replace('{n}', String(limits.maxPerItem))}; it has ${already}, so ${left === 0 ? 'no more' : `at most ${left} more`} can be added`;
}

/**
 * The review round a new file of an item belongs to: the first is round 1; once the hub has
 * reviewed the item after its latest file, a new file starts the next round (the earlier files
 * stay with the round they were reviewed in).
 */
export function roundForNewDocument(item: { review?: { at: string } }, latest: { round: number; uploadedAt: Date } | undefined): number {
  if (!latest) return 1;
  const reviewedSince = item.review !== undefined && Date.parse(item.review.at) > latest.uploadedAt.getTime();
  return reviewedSince ? latest.round + 1 : latest.round;
}

/**
 * Why a file cannot be removed, or undefined when it can: only a file of the item's current
 * review round (the round a new file would join), not one already removed. Files of earlier
 * rounds were reviewed: they are the record and never change. Whether the item may change at all
 * (the state, accepted) is the evidence action's rule, checked before this.
 */
export function checkDocumentRemoval(document: { round: number; removedAt?: Date | null }, currentRound: number): string | undefined {
  if (document.removedAt) return 'the file was removed already';
  if (document.round !== currentRound) {
    return `the file belongs to review round ${document.round}, which the hub has reviewed: files of earlier rounds are the record and stay`;
  }
  return undefined;
}

// ---------- supporting documents (an EOI's, an application's) ----------

/** The item key supporting documents are stored under (evidence items use their criterion code). */
export const SUPPORTING_DOCUMENTS = 'supporting';

interface Staged {
  status: string;
  history: readonly { at: string; toStatus: string }[];
}

/** When a process entered its current stage: the last history entry into its status. */
export function currentStageSince(subject: Staged): string | undefined {
  return [...subject.history].reverse().find((entry) => entry.toStatus === subject.status)?.at;
}

/**
 * Why a supporting document cannot be removed, or undefined when it can: only in the stage it
 * was attached in. Once the process moved on, the people who acted on it saw the file, so it
 * stays as the record. `what` names the process (“the EOI”, “the application”).
 */
export function stageRemovalRefusal(subject: Staged, document: { uploadedAt: Date }, what: string): string | undefined {
  const since = currentStageSince(subject);
  if (since !== undefined && document.uploadedAt.getTime() < Date.parse(since)) {
    return `it was attached before ${what}’s current stage, so the people who acted on ${what} saw it: it stays as the record`;
  }
  return undefined;
}

// ---------- the view ----------

export const DocumentSchema = z
  .object({
    id: z.string(),
    fileName: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    sha256: z.string().meta({ description: 'The SHA-256 of the bytes, hex' }),
    round: z.number().int().meta({
      description: 'The review round of the evidence item the file was attached in (1 first); always 1 for an EOI’s supporting documents',
    }),
    uploadedBy: z.object({ userId: z.string(), name: z.string() }),
    uploadedAt: z.string(),
    href: z.string().meta({ description: 'Where to download it (GET, as an attachment)' }),
    scanStatus: z.enum(SCAN_STATUSES).meta({
      description: 'The virus scan: none (no scanner configured), clean, or scanning (held: not downloadable until the check passes)',
    }),
  })
  .meta({ id: 'Document' });
export type DocumentView = z.infer<typeof DocumentSchema>;
