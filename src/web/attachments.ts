/**
 * Attachments over HTTP, for the public form, the status page and the admin case page: reading
 * the files of a multipart form (multer, in memory, within the limits of src/attachments/rules.ts),
 * the messages for refused files, the list as the pages show it, and the download.
 *
 * A form that brings files posts multipart/form-data; the same routes still take the plain
 * urlencoded forms they took before. When multer stops at a limit (a file too large, a sixth
 * file) the fields read before it are kept in req.body: the file field comes last in the forms,
 * so the page comes back with what the customer typed.
 */
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { ATTACHMENT_TYPES } from '../attachments/contentType';
import { displayName } from '../attachments/fileName';
import { ATTACHMENT_LIMITS, checkUploads, type AttachmentUsage, type CheckedFile, type UploadProblem } from '../attachments/rules';
import type { Attachment, AttachmentInfo } from '../db/attachments';
import type { Language } from '../domain/case';
import { formatDateTime } from '../i18n/dates';
import { t } from '../i18n/messages';

/** The form field of the files. */
export const ATTACHMENT_FIELD = 'attachments';

const MIB = 1024 * 1024;
/** The numbers the messages and hints name. */
export const ATTACHMENT_VARS = {
  files: ATTACHMENT_LIMITS.files,
  fileMb: ATTACHMENT_LIMITS.fileBytes / MIB,
  totalMb: ATTACHMENT_LIMITS.totalBytes / MIB,
};
/** For the file input's accept attribute: a hint to the browser's picker, checked by content after. */
export const ATTACHMENT_ACCEPT = [...Object.keys(ATTACHMENT_TYPES), ...Object.values(ATTACHMENT_TYPES).flatMap((v) => v.extensions.map((e) => `.${e}`))].join(',');

const upload = multer({
  storage: multer.memoryStorage(),
  // Browsers send file names as UTF-8.
  defParamCharset: 'utf8',
  limits: {
    fileSize: ATTACHMENT_LIMITS.fileBytes,
    files: ATTACHMENT_LIMITS.files,
    // The text fields as the urlencoded forms allow them (a 5,000-character description is < 64 kB).
    fieldSize: 64 * 1024,
    fields: 50,
    parts: 50 + ATTACHMENT_LIMITS.files,
    fieldNestingDepth: 0,
  },
}).array(ATTACHMENT_FIELD, ATTACHMENT_LIMITS.files);

/** The largest multipart form read: the files' total and room for the text fields. */
const MAX_FORM_BYTES = ATTACHMENT_LIMITS.totalBytes + MIB;

/** Why multer stopped reading the form, as a problem of the file field. */
export type UploadRefusal = UploadProblem | { kind: 'unreadable' } | { kind: 'tooLarge' };

/**
 * Reads a multipart form into req.body and req.files; anything else passes untouched. A limit
 * multer hits is no error page: it is kept in res.locals.uploadRefusal for the route to show at
 * the field, with the fields read so far.
 */
export const receiveUploads: RequestHandler = (req, res, next) => {
  // More than any form can hold (every file at its limit, and the text fields) is never read.
  if (req.is('multipart/form-data') && Number(req.get('content-length')) > MAX_FORM_BYTES) {
    next(Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }));
    return;
  }
  upload(req, res, (err: unknown) => {
    if (!err) return next();
    // The client went away: there is no one to answer.
    if (!(err instanceof multer.MulterError) && req.socket?.destroyed) return next(err);
    // A body busboy cannot parse (cut off, a broken part header) is the sender's fault, not ours:
    // the page says so at the field, with whatever fields were read (the CSRF check still applies).
    const refusal: UploadRefusal = !(err instanceof multer.MulterError) ? { kind: 'unreadable' }
      : err.code === 'LIMIT_FILE_SIZE' ? { kind: 'fileSize', name: (err as { filename?: string }).filename ?? '' }
        : err.code === 'LIMIT_FILE_COUNT' || (err.code === 'LIMIT_UNEXPECTED_FILE' && err.field === ATTACHMENT_FIELD) ? { kind: 'count', existing: 0 }
          : err.code === 'LIMIT_FIELD_VALUE' ? { kind: 'tooLarge' }
            : { kind: 'unreadable' };
    res.locals.uploadRefusal = refusal;
    req.body ??= {};
    next();
  });
};

/** How many files the request brought (those multer kept). */
export function uploadedCount(req: Request): number {
  return Array.isArray(req.files) ? req.files.length : 0;
}

/** The problem in words, for the field. */
export function uploadProblemText(p: UploadRefusal, lang: Language): string {
  const vars = ATTACHMENT_VARS;
  switch (p.kind) {
    case 'type': return t(lang, 'attachments.error.type', { name: displayName(p.name) });
    case 'empty': return t(lang, 'attachments.error.empty', { name: displayName(p.name) });
    case 'fileSize': return t(lang, 'attachments.error.fileSize', { ...vars, name: displayName(p.name) });
    case 'totalSize': return t(lang, 'attachments.error.totalSize', vars);
    case 'count': {
      const left = vars.files - p.existing;
      return p.existing === 0 ? t(lang, 'attachments.error.count', vars)
        : left > 0 ? t(lang, 'attachments.error.countLeft', { ...vars, left }) : t(lang, 'status.attachments.full', vars);
    }
    case 'tooLarge': return t(lang, 'error.tooLarge');
    case 'unreadable': return t(lang, 'attachments.error.unreadable');
  }
}

/**
 * The files of the request, checked beside what the case holds: the files that passed, or the
 * message for the field (every problem, one after another).
 */
export function checkedUploads(req: Request, res: Response, usage: AttachmentUsage, lang: Language): { files: CheckedFile[]; problem?: string } {
  const refusal = res.locals.uploadRefusal as UploadRefusal | undefined;
  if (refusal) {
    return { files: [], problem: uploadProblemText(refusal.kind === 'count' ? { ...refusal, existing: usage.count } : refusal, lang) };
  }
  const received = Array.isArray(req.files) ? req.files : [];
  const { files, problems } = checkUploads(received.map((f) => ({ name: f.originalname, bytes: f.buffer })), usage);
  return problems.length > 0 ? { files: [], problem: problems.map((p) => uploadProblemText(p, lang)).join(' ') } : { files };
}

/** "340 kB", "1,2 MB". */
export function formatSize(bytes: number, lang: Language): string {
  const locale = lang === 'en' ? 'en-GB' : 'nl-NL';
  return bytes < MIB
    ? new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024))
    : new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / MIB);
}

/** The list as a page shows it; `href` makes each file's download address. */
export function attachmentRows(list: readonly AttachmentInfo[], lang: Language, href: (a: AttachmentInfo) => string) {
  return list.map((a) => ({
    id: a.id,
    fileName: a.fileName,
    type: ATTACHMENT_TYPES[a.contentType]?.label ?? a.contentType,
    size: formatSize(a.size, lang),
    when: formatDateTime(a.createdAt, lang),
    by: t(lang, a.source === 'form' ? 'admin.attachments.by.form' : 'admin.attachments.by.status-page'),
    href: href(a),
  }));
}

/**
 * Sends an attachment as a download, never as a page: Content-Disposition attachment with its safe
 * name (Express's res.attachment: an ASCII fallback and the UTF-8 name), the type checked at upload,
 * nosniff, a CSP that lets nothing run, and no caching.
 */
export function sendAttachment(res: Response, a: Attachment): void {
  res.attachment(a.fileName);
  res.set({
    'Content-Type': a.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'no-store',
  });
  res.send(a.content);
}
