/**
 * Attachments of cases (migration 025): the files customers add on the form and the status page,
 * with their checked type, kept in Postgres beside the case and never sent to Temporal. They are
 * deleted with the case's personal data (anonymiseCases in src/db/retention.ts).
 */
import { limitProblem, type AttachmentUsage, type CheckedFile, type UploadProblem } from '../attachments/rules';
import type { AttachmentType } from '../attachments/contentType';
import { PREPARED, type Sql } from './db';

export type AttachmentSource = 'form' | 'status-page';

export interface AttachmentInfo {
  id: string;
  reference: string;
  fileName: string;
  contentType: AttachmentType;
  size: number;
  source: AttachmentSource;
  createdAt: Date;
}

export interface Attachment extends AttachmentInfo {
  content: Buffer;
}

const INFO = `id::text AS id, reference, file_name AS "fileName", content_type AS "contentType", size, source, created_at AS "createdAt"`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The case's attachments, oldest first, without their content. */
export async function listAttachments(sql: Sql, reference: string): Promise<AttachmentInfo[]> {
  return sql.unsafe<AttachmentInfo[]>(`SELECT ${INFO} FROM attachments WHERE reference = $1 ORDER BY seq`, [reference], PREPARED);
}

/** How many files, and how many bytes, the case holds, and their fingerprints (a file sent again adds nothing). */
export async function attachmentUsage(sql: Sql, reference: string): Promise<AttachmentUsage> {
  const rows = await sql<{ size: number; sha256: string }[]>`SELECT size, sha256 FROM attachments WHERE reference = ${reference}`;
  return { count: rows.length, bytes: rows.reduce((sum, r) => sum + r.size, 0), known: new Set(rows.map((r) => r.sha256)) };
}

/** One attachment with its content, only through its own case (an id of another case finds nothing). */
export async function getAttachment(sql: Sql, reference: string, id: string): Promise<Attachment | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await sql.unsafe<Attachment[]>(
    `SELECT ${INFO}, content FROM attachments WHERE reference = $1 AND id = $2::uuid`, [reference, id], PREPARED);
  return row;
}

export type AddResult = { ok: true; added: number } | { ok: false; problem: UploadProblem | { kind: 'gone' } };

/**
 * Stores checked files on a case, checking the limits again under a lock on the case (two forms
 * at once cannot pass six files between them). A file whose content the case holds already is
 * not stored again (a resent form adds nothing). Refused, and nothing stored, when the case does
 * not exist or was anonymised, or when the files do not fit.
 */
export async function addAttachments(sql: Sql, reference: string, files: readonly CheckedFile[], source: AttachmentSource): Promise<AddResult> {
  return sql.begin(async (tx): Promise<AddResult> => {
    const [open] = await tx`SELECT 1 FROM cases WHERE reference = ${reference} AND anonymised_at IS NULL FOR UPDATE`;
    if (!open) return { ok: false, problem: { kind: 'gone' } };
    const rows = await tx<{ sha256: string; size: number }[]>`SELECT sha256, size FROM attachments WHERE reference = ${reference}`;
    const usage = { count: rows.length, bytes: rows.reduce((sum, r) => sum + r.size, 0) };
    const known = new Set(rows.map((r) => r.sha256));
    const problem = limitProblem(usage, files, known);
    if (problem) return { ok: false, problem };
    let added = 0;
    for (const f of files) {
      if (known.has(f.sha256)) continue;
      const inserted = await tx`
        INSERT INTO attachments (reference, file_name, content_type, size, sha256, source, content)
        VALUES (${reference}, ${f.fileName}, ${f.contentType}, ${f.size}, ${f.sha256}, ${source}, ${f.content})
        ON CONFLICT (reference, sha256) DO NOTHING`;
      added += inserted.count;
    }
    return { ok: true, added };
  });
}
