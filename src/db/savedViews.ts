import type { Sql } from './db';

/** The pages whose filters and sort a staff member can save. */
export const VIEW_PATHS = ['/admin/taken', '/admin/zaken'] as const;
export type ViewPath = (typeof VIEW_PATHS)[number];

export interface SavedView {
  id: number;
  path: ViewPath;
  name: string;
  /** The page's query string without the page number and the language. */
  query: string;
}

/** At most this many per person and page: a list to choose from at a glance. */
export const MAX_SAVED_VIEWS = 20;

export async function savedViewsOf(sql: Sql, staffId: number, path: ViewPath): Promise<SavedView[]> {
  return sql<SavedView[]>`
    SELECT id::int AS id, path, name, query FROM saved_views WHERE staff_id = ${staffId} AND path = ${path} ORDER BY name`;
}

/** Saves (or, under an existing name, replaces) a view; false when the person already has the maximum. */
export async function saveView(sql: Sql, staffId: number, view: Omit<SavedView, 'id'>): Promise<boolean> {
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO saved_views (staff_id, path, name, query)
    SELECT ${staffId}, ${view.path}, ${view.name}, ${view.query}
    WHERE (SELECT count(*) FROM saved_views WHERE staff_id = ${staffId} AND path = ${view.path} AND name <> ${view.name}) < ${MAX_SAVED_VIEWS}
    ON CONFLICT (staff_id, path, name) DO UPDATE SET query = EXCLUDED.query, created_at = now()
    RETURNING id::int AS id`;
  return row !== undefined;
}

/** Deletes one of the person's own views; the path it belonged to, if it existed. */
export async function deleteView(sql: Sql, staffId: number, id: number): Promise<ViewPath | undefined> {
  const [row] = await sql<{ path: ViewPath }[]>`DELETE FROM saved_views WHERE id = ${id} AND staff_id = ${staffId} RETURNING path`;
  return row?.path;
}
