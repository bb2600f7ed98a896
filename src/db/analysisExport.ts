import { analysisFilterConditions, type AnalysisCaseFilter } from '../analysis/caseFilter';
import type { CsvCase } from '../analysis/csv';
import type { Sql } from './db';

/** Rows per round trip: a year of 100,000 cases streams in pages, never all in memory. */
export const EXPORT_BATCH = 500;

/**
 * The cases of a filter for the CSV export, oldest first, in batches (a server-side cursor): only
 * the columns the figures count, never names, contact details or texts.
 */
export function exportCases(sql: Sql, filter: AnalysisCaseFilter, batch = EXPORT_BATCH): AsyncIterable<CsvCase[]> {
  return sql<CsvCase[]>`
    SELECT reference, case_type AS "caseType", category, channel, received_at AS "receivedAt",
      acknowledged_at AS "acknowledgedAt", responded_at AS "respondedAt", resolved_at AS "resolvedAt", closed_at AS "closedAt",
      working_days_to_response AS "workingDaysToResponse", working_days_to_resolution AS "workingDaysToResolution",
      breaches, justified, root_cause AS "rootCause", objected_at AS "objectedAt", objection_upheld AS "objectionUpheld",
      (SELECT s.score FROM satisfaction s WHERE s.reference = cases.reference)::int AS satisfaction
    FROM cases WHERE ${analysisFilterConditions(sql, filter)}
    ORDER BY received_at, reference`.cursor(batch);
}
