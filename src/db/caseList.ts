import type { TransactionSql } from 'postgres';
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

/**
 * How far the list counts its matches: past this it says "more than 500" instead of counting up
 * to a million rows for each page. Counting 500 matches of a common name ("visser": one case in
 * eight) still means testing the search on some 4,000 cases.
 */
export const COUNT_LIMIT = 500;

export interface CaseListPage {
  rows: CaseListRow[];
  /** The number of matches, counted up to the limit: with `more`, there are more than this. */
  total: number;
  more: boolean;
  /** Whether another page follows this one. */
  next: boolean;
}

/** A search text as a LIKE pattern that matches it literally: % and _ are not wildcards. */
export function likeLiteral(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}

/** What the search looks in: one expression, indexed by migration 023 (the same text there). */
const CASE_SEARCH_TEXT = `(lower(reference) || ' ' || lower(name) || ' ' || lower(coalesce(email, '')) || ' ' || lower(coalesce(customer_number, ''))
  || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'))`;

/** A reference or its start as typed (kl-2026-0123): looked up by the reference number's start. */
const REFERENCE_START = /^(kl|fb)-\d{4}(-\d{0,6})?$/;
/** A whole email address: looked up as the address (case-insensitive). */
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The search condition. A reference or its start, and a whole email address, are looked up
 * directly (migration 028): a trigram search for them reads the index entries of the trigrams
 * that nearly every case has (kl-, 202, exa, .nl). Anything else: any part of the reference,
 * name, email address or customer number, or a phone number's digits however typed.
 */
function searchCondition(sql: Sql, typed: string) {
  const q = typed.trim().toLowerCase();
  if (REFERENCE_START.test(q)) {
    // References are upper case (src/domain/reference.ts); in byte order (COLLATE "C") those that
    // start with the prefix lie from it up to the prefix with its last character one higher.
    const from = q.toUpperCase();
    const to = from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1);
    return sql`(reference COLLATE "C" >= ${from} AND reference COLLATE "C" < ${to})`;
  }
  if (EMAIL_ADDRESS.test(q)) return sql`lower(email) = ${q}`;
  // A phone number is typed with or without spaces and dashes: its digits are compared.
  const digits = /^[0-9 ()+.-]+$/.test(q) ? q.replace(/[^0-9]/g, '') : '';
  const text = sql.unsafe(CASE_SEARCH_TEXT);
  return digits.length >= 4 && digits !== q
    ? sql`(${text} LIKE ${`%${likeLiteral(q)}%`} OR ${text} LIKE ${`%${digits}%`})`
    : sql`${text} LIKE ${`%${likeLiteral(q)}%`}`;
}

/**
 * Queries planned for the values they are run with, every time. The list's queries are one text
 * for every search and filter value, prepared once per connection; after five runs Postgres may
 * keep one generic plan for all values, which cannot know that "visser" matches an eighth of the
 * cases and an email address one (it reads the trigram index for every search: seconds for a
 * common name), nor use a partial index whose condition depends on a value (status).
 */
function planned<T>(sql: Sql, queries: (tx: TransactionSql) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`SET LOCAL plan_cache_mode = force_custom_plan`;
    return queries(tx);
  }) as Promise<T>;
}

/**
 * One page of the case list from the read model, newest first (received_at, then reference, both
 * descending), with the number of matches counted up to `countUpTo` (default COUNT_LIMIT;
 * Infinity: an exact count, as for the cases behind a figure of the analysis, which must show
 * the figure). On the last page the number is exact whatever the limit.
 */
export async function listCases(
  sql: Sql, f: CaseListFilter, page: number, o: { countUpTo?: number } = {},
): Promise<CaseListPage> {
  const countUpTo = o.countUpTo ?? COUNT_LIMIT;
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
  // As written here, these two are the conditions of their partial indexes (migration 028).
  if (f.breached) conditions.push(sql`cardinality(breaches) > 0`);
  if (f.objected) conditions.push(sql`(status = 'objected' OR closure = 'objection-decided')`);
  if (f.q?.trim()) conditions.push(searchCondition(sql, f.q));
  if (f.analysis && Object.keys(f.analysis).length > 0) conditions.push(analysisFilterConditions(sql, f.analysis));
  if (f.hiddenFrom) conditions.push(notConcerning(sql, f.hiddenFrom, 'cases.reference'));
  const where = conditions.reduce((acc, c) => sql`${acc} AND ${c}`);
  const offset = (page - 1) * PAGE_SIZE;
  return planned(sql, async (tx) => {
    // One row more than the page: whether another page follows.
    const found = await tx<CaseListRow[]>`
      SELECT reference, case_type AS "caseType", channel, status, name, category, handler, received_at AS "receivedAt",
        next_deadline AS "nextDeadline", breaches
      FROM cases WHERE ${where} ORDER BY received_at DESC, reference DESC
      LIMIT ${PAGE_SIZE + 1} OFFSET ${offset}`;
    const next = found.length > PAGE_SIZE;
    // The last page tells the number exactly: the pages before it and its own rows. So a search
    // with few matches (a name, a phone number) reads its index once, not twice.
    if (!next && (found.length > 0 || page === 1)) return { rows: [...found], total: offset + found.length, more: false, next };
    const [count] = Number.isFinite(countUpTo)
      ? await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT FROM cases WHERE ${where} LIMIT ${countUpTo + 1}) AS matches`
      : await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE ${where}`;
    return { rows: found.slice(0, PAGE_SIZE), total: Math.min(count!.n, countUpTo), more: count!.n > countUpTo, next };
  });
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
