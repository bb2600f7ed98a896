import { analysisFilterConditions, type AnalysisCaseFilter } from '../analysis/caseFilter';
import type { CaseStatus } from '../domain/case';
import { notConcerning } from './caseConcerns';
import type { Sql } from './db';

export interface CaseListFilter {
  status?: CaseStatus;
  caseType?: 'complaint' | 'feedback';
  channel?: 'web' | 'phone';
  category?: string;
  handler?: string;
  /** Next deadline before this instant ("due within N working days"). */
  dueBefore?: Date;
  overdue?: boolean;
  breached?: boolean;
  objected?: boolean;
  /** Reference, name or email. */
  q?: string;
  /**
   * The cases behind a figure of the analysis (a link from /admin/analyse): exactly the
   * conditions the figure was counted with, so the list's total is the figure.
   */
  analysis?: AnalysisCaseFilter;
  /** The staff member looking: cases that concern them are left out (src/db/caseConcerns.ts). */
  hiddenFrom?: string;
}

export interface CaseListRow {
  reference: string;
  caseType: string;
  channel: string;
  status: CaseStatus;
  name: string;
  category: string;
  handler: string | null;
  receivedAt: Date;
  nextDeadline: Date | null;
  breaches: string[];
}

export const PAGE_SIZE = 50;

/** A search text as a LIKE pattern that matches it literally: % and _ are not wildcards. */
export function likeLiteral(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}

/** One page of the case list from the read model, newest first, with the number of matches. */
export async function listCases(sql: Sql, f: CaseListFilter, page: number): Promise<{ rows: CaseListRow[]; total: number }> {
  const conditions = [sql`true`];
  if (f.status) conditions.push(sql`status = ${f.status}`);
  if (f.caseType) conditions.push(sql`case_type = ${f.caseType}`);
  if (f.channel) conditions.push(sql`channel = ${f.channel}`);
  if (f.category) conditions.push(sql`category = ${f.category}`);
  if (f.handler) conditions.push(sql`handler = ${f.handler}`);
  if (f.dueBefore) conditions.push(sql`next_deadline <= ${f.dueBefore}`);
  if (f.overdue) conditions.push(sql`next_deadline < now()`);
  if (f.breached) conditions.push(sql`cardinality(breaches) > 0`);
  if (f.objected) conditions.push(sql`(status = 'objected' OR closure = 'objection-decided')`);
  if (f.q) {
    const q = f.q.trim();
    conditions.push(/^(KL|FB)-/i.test(q)
      ? sql`reference LIKE ${`${likeLiteral(q.toUpperCase())}%`}`
      : sql`(lower(name) || ' ' || lower(coalesce(email, ''))) LIKE ${`%${likeLiteral(q.toLowerCase())}%`}`);
  }
  if (f.analysis && Object.keys(f.analysis).length > 0) conditions.push(analysisFilterConditions(sql, f.analysis));
  if (f.hiddenFrom) conditions.push(notConcerning(sql, f.hiddenFrom, 'cases.reference'));
  const where = conditions.reduce((acc, c) => sql`${acc} AND ${c}`);
  const [rows, [count]] = await Promise.all([
    sql<CaseListRow[]>`
      SELECT reference, case_type AS "caseType", channel, status, name, category, handler, received_at AS "receivedAt",
        next_deadline AS "nextDeadline", breaches
      FROM cases WHERE ${where} ORDER BY received_at DESC, reference DESC
      LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE ${where}`,
  ]);
  return { rows, total: count!.n };
}
