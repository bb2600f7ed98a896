import { analysisFilterConditions, type AnalysisCaseFilter } from '../analysis/caseFilter';
import type { CaseStatus } from '../domain/case';
import { notConcerning } from './caseConcerns';
import type { CaseRecord } from './cases';
import type { Sql } from './db';

export interface CaseListFilter {
  status?: CaseStatus;
  caseType?: 'complaint' | 'feedback';
  channel?: 'web' | 'phone';
  category?: string;
  handler?: string;
  /** Next deadline before this instant ("due within N working days"). */
  dueBefore?: Date;
  /** "Deadline verlopen": an open case with a breach, a next deadline passed, or an open task past its due date. */
  overdue?: boolean;
  breached?: boolean;
  objected?: boolean;
  /** Any part of a reference, name, email address or customer number; or a phone number's digits. */
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

/** What the search looks in: one expression, indexed by migration 023 (the same text there). */
const CASE_SEARCH_TEXT = `(lower(reference) || ' ' || lower(name) || ' ' || lower(coalesce(email, '')) || ' ' || lower(coalesce(customer_number, ''))
  || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'))`;

/** One page of the case list from the read model, newest first, with the number of matches. */
export async function listCases(sql: Sql, f: CaseListFilter, page: number): Promise<{ rows: CaseListRow[]; total: number }> {
  const conditions = [sql`true`];
  if (f.status) conditions.push(sql`status = ${f.status}`);
  if (f.caseType) conditions.push(sql`case_type = ${f.caseType}`);
  if (f.channel) conditions.push(sql`channel = ${f.channel}`);
  if (f.category) conditions.push(sql`category = ${f.category}`);
  if (f.handler) conditions.push(sql`handler = ${f.handler}`);
  if (f.dueBefore) conditions.push(sql`next_deadline <= ${f.dueBefore}`);
  if (f.overdue) {
    conditions.push(sql`status <> 'closed' AND (cardinality(breaches) > 0 OR next_deadline < now()
      OR EXISTS (SELECT 1 FROM tasks t WHERE t.reference = cases.reference AND t.status = 'open' AND t.due_at < now()))`);
  }
  if (f.breached) conditions.push(sql`cardinality(breaches) > 0`);
  if (f.objected) conditions.push(sql`(status = 'objected' OR closure = 'objection-decided')`);
  if (f.q) {
    const q = f.q.trim().toLowerCase();
    // A phone number is typed with or without spaces and dashes: its digits are compared.
    const digits = /^[0-9 ()+.-]+$/.test(q) ? q.replace(/[^0-9]/g, '') : '';
    const text = sql.unsafe(CASE_SEARCH_TEXT);
    conditions.push(digits.length >= 4 && digits !== q
      ? sql`(${text} LIKE ${`%${likeLiteral(q)}%`} OR ${text} LIKE ${`%${digits}%`})`
      : sql`${text} LIKE ${`%${likeLiteral(q)}%`}`);
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

/**
 * The customer's other cases, newest first: the same email address, customer number or phone
 * number (its digits), without the cases that concern the staff member looking (`hiddenFrom`).
 * Repeat complaints are what a coordinator looks for first.
 */
export async function otherCasesOf(
  sql: Sql, c: Pick<CaseRecord, 'reference' | 'email' | 'customerNumber' | 'phone'>, hiddenFrom: string,
): Promise<Pick<CaseRecord, 'reference' | 'caseType' | 'status' | 'receivedAt'>[]> {
  const digits = (c.phone ?? '').replace(/[^0-9]/g, '');
  const same = [
    ...(c.email ? [sql`lower(email) = lower(${c.email})`] : []),
    ...(c.customerNumber ? [sql`lower(customer_number) = lower(${c.customerNumber})`] : []),
    ...(digits.length >= 6 ? [sql`regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') = ${digits}`] : []),
  ];
  if (same.length === 0) return [];
  return sql<Pick<CaseRecord, 'reference' | 'caseType' | 'status' | 'receivedAt'>[]>`
    SELECT reference, case_type AS "caseType", status, received_at AS "receivedAt" FROM cases
    WHERE reference <> ${c.reference} AND (${same.reduce((a, b) => sql`${a} OR ${b}`)}) AND ${notConcerning(sql, hiddenFrom, 'cases.reference')}
    ORDER BY received_at DESC LIMIT 20`;
}
