import type { Language } from '../domain/case';
import type { TemplatePurpose } from '../replyTemplates/placeholders';
import type { Sql } from './db';

export interface ReplyTemplate {
  id: number;
  language: Language;
  purpose: TemplatePurpose;
  name: string;
  body: string;
  updatedAt: Date;
  updatedBy: string;
}

const COLUMNS = 'id::int AS id, language, purpose, name, body, updated_at AS "updatedAt", updated_by AS "updatedBy"';

/** All templates, or those for one language and action, by name. */
export async function listReplyTemplates(sql: Sql, o: { language?: Language; purpose?: TemplatePurpose } = {}): Promise<ReplyTemplate[]> {
  return sql<ReplyTemplate[]>`
    SELECT ${sql.unsafe(COLUMNS)} FROM reply_templates
    WHERE (${o.language ?? null}::text IS NULL OR language = ${o.language ?? null})
      AND (${o.purpose ?? null}::text IS NULL OR purpose = ${o.purpose ?? null})
    ORDER BY language, purpose, name`;
}

export async function replyTemplate(sql: Sql, id: number): Promise<ReplyTemplate | undefined> {
  const [row] = await sql<ReplyTemplate[]>`SELECT ${sql.unsafe(COLUMNS)} FROM reply_templates WHERE id = ${id}`;
  return row;
}

/** The template's id, or why it was not saved: another with the same language, action and name, or no such template. */
export type SavedTemplate = number | 'duplicate' | 'missing';

/** Creates (no id) or changes a template; a second one with the same language, action and name is refused. */
export async function saveReplyTemplate(sql: Sql, t: Omit<ReplyTemplate, 'id' | 'updatedAt'> & { id?: number }): Promise<SavedTemplate> {
  try {
    const [row] = t.id === undefined
      ? await sql<{ id: number }[]>`
          INSERT INTO reply_templates (language, purpose, name, body, updated_by)
          VALUES (${t.language}, ${t.purpose}, ${t.name}, ${t.body}, ${t.updatedBy}) RETURNING id::int AS id`
      : await sql<{ id: number }[]>`
          UPDATE reply_templates SET language = ${t.language}, purpose = ${t.purpose}, name = ${t.name}, body = ${t.body},
            updated_by = ${t.updatedBy}, updated_at = now()
          WHERE id = ${t.id} RETURNING id::int AS id`;
    return row?.id ?? 'missing';
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return 'duplicate';
    throw err;
  }
}

export async function deleteReplyTemplate(sql: Sql, id: number): Promise<boolean> {
  return (await sql`DELETE FROM reply_templates WHERE id = ${id}`).count > 0;
}
