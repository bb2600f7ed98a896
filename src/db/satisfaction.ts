import type { Sql } from './db';

/** Records the customer's satisfaction score once; false when the case already has one. */
export async function recordSatisfaction(sql: Sql, reference: string, score: number, comment: string | null): Promise<boolean> {
  const rows = await sql`
    INSERT INTO satisfaction (reference, score, comment) VALUES (${reference}, ${score}, ${comment})
    ON CONFLICT (reference) DO NOTHING RETURNING reference`;
  return rows.length === 1;
}

export async function getSatisfaction(sql: Sql, reference: string): Promise<{ score: number; comment: string | null } | undefined> {
  const [row] = await sql<{ score: number; comment: string | null }[]>`SELECT score, comment FROM satisfaction WHERE reference = ${reference}`;
  return row;
}
