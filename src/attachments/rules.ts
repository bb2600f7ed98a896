/**
 * The rules for files a customer adds to a case, on the public form and on the status page:
 * at most MAX_FILES per case (those already on it count), each at most MAX_FILE_BYTES, together
 * at most MAX_TOTAL_BYTES, and each a photo (JPEG, PNG, WebP, HEIC) or a PDF by its content
 * (src/attachments/contentType.ts). Pure: the web layer words the problems, src/db/attachments.ts
 * checks the limits again when it stores, under a lock on the case.
 */
import { createHash } from 'node:crypto';
import { detectAttachmentType, type AttachmentType } from './contentType';
import { safeFileName } from './fileName';

export const ATTACHMENT_LIMITS = {
  /** Files per case, those added earlier included. */
  files: 5,
  /** Bytes per file (10 MiB): a phone photo or a scanned letter. */
  fileBytes: 10 * 1024 * 1024,
  /** Bytes per case, all files together (25 MiB). */
  totalBytes: 25 * 1024 * 1024,
} as const;

export type AttachmentLimits = { files: number; fileBytes: number; totalBytes: number };

/** A file as it arrived: the name the browser sent (untrusted) and its bytes. */
export interface Upload {
  name: string;
  bytes: Buffer;
}

/** A file that passed: its safe name, checked type, size and fingerprint. */
export interface CheckedFile {
  fileName: string;
  contentType: AttachmentType;
  size: number;
  sha256: string;
  content: Buffer;
}

/** What the case holds already. */
export interface AttachmentUsage {
  count: number;
  bytes: number;
  /** The fingerprints of the files the case holds: sent again, they count for nothing. */
  known?: ReadonlySet<string>;
}

export type UploadProblem =
  | { kind: 'type'; name: string }
  | { kind: 'empty'; name: string }
  | { kind: 'fileSize'; name: string }
  | { kind: 'count'; existing: number }
  | { kind: 'totalSize' };

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Whether `files` fit beside what the case holds (`usage`); a file whose content the case holds
 * already (`known` fingerprints) adds nothing and counts for nothing.
 */
export function limitProblem(
  usage: AttachmentUsage, files: readonly CheckedFile[], known: ReadonlySet<string> = new Set(), limits: AttachmentLimits = ATTACHMENT_LIMITS,
): UploadProblem | undefined {
  const added = files.filter((f) => !known.has(f.sha256));
  if (usage.count + added.length > limits.files) return { kind: 'count', existing: usage.count };
  if (usage.bytes + added.reduce((sum, f) => sum + f.size, 0) > limits.totalBytes) return { kind: 'totalSize' };
  return undefined;
}

/**
 * Checks the files of one form: every file's own problems first (its type by content, empty,
 * too large), then the limits of the case. The same file twice in one form counts once.
 */
export function checkUploads(
  uploads: readonly Upload[], usage: AttachmentUsage, limits: AttachmentLimits = ATTACHMENT_LIMITS,
): { files: CheckedFile[]; problems: UploadProblem[] } {
  const problems: UploadProblem[] = [];
  const files: CheckedFile[] = [];
  const seen = new Set<string>();
  for (const upload of uploads) {
    if (upload.bytes.length === 0) {
      problems.push({ kind: 'empty', name: upload.name });
      continue;
    }
    if (upload.bytes.length > limits.fileBytes) {
      problems.push({ kind: 'fileSize', name: upload.name });
      continue;
    }
    const contentType = detectAttachmentType(upload.bytes);
    if (!contentType) {
      problems.push({ kind: 'type', name: upload.name });
      continue;
    }
    const fingerprint = sha256(upload.bytes);
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    files.push({ fileName: safeFileName(upload.name, contentType), contentType, size: upload.bytes.length, sha256: fingerprint, content: upload.bytes });
  }
  const limit = limitProblem(usage, files, usage.known, limits);
  if (limit) problems.push(limit);
  return { files: problems.length === 0 ? files : [], problems };
}
