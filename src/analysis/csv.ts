/**
 * The CSV export of the analysis (pure: rows in, cells out): one row per case received in the
 * period, with the fields the figures count, and nothing a person wrote or can be reached at (no
 * names, email addresses, phone numbers, customer numbers, descriptions or other texts).
 *
 * Made for Excel with Dutch regional settings, where most people open it:
 * - semicolon between cells: Dutch Excel's list separator (the comma is its decimal separator), so
 *   a double-click opens it in columns;
 * - UTF-8 with a byte order mark: without it, Excel reads a CSV in the Windows code page and "ë"
 *   in "Klachtencoördinator" or a label becomes "Ã«";
 * - CRLF at the end of each line, as RFC 4180 has it;
 * - dates as "yyyy-MM-dd HH:mm" in Amsterdam time, which Excel recognises as date and time.
 * A cell that starts with =, +, -, @, a tab or a carriage return would be read as a formula (CSV
 * injection): it gets a leading apostrophe, which Excel shows as text and does not display.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { TIME_ZONE } from '../calendar/workingDays';
import type { Language } from '../domain/case';

/** What the export reads of each case (src/db/analysisExport.ts). */
export interface CsvCase {
  reference: string;
  caseType: string;
  category: string;
  channel: string;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  respondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  workingDaysToResponse: number | null;
  workingDaysToResolution: number | null;
  breaches: string[];
  justified: string | null;
  rootCause: string | null;
  objectedAt: Date | null;
  objectionUpheld: boolean | null;
  satisfaction: number | null;
}

export const CSV_COLUMNS = [
  'reference', 'type', 'category', 'channel', 'received_at', 'acknowledged_at', 'responded_at', 'resolved_at', 'closed_at',
  'working_days_to_response', 'working_days_to_settlement', 'breaches', 'justified', 'root_cause', 'objected',
  'objection_upheld', 'satisfaction',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** The header row: Dutch, or the column names above in English. */
export const CSV_HEADERS: Record<Language, Record<CsvColumn, string>> = {
  nl: {
    reference: 'referentie', type: 'soort', category: 'categorie', channel: 'kanaal', received_at: 'ontvangen_op',
    acknowledged_at: 'bevestigd_op', responded_at: 'inhoudelijke_reactie_op', resolved_at: 'uitkomst_op', closed_at: 'afgesloten_op',
    working_days_to_response: 'werkdagen_tot_reactie', working_days_to_settlement: 'werkdagen_tot_uitkomst',
    breaches: 'termijnoverschrijdingen', justified: 'gegrondheid', root_cause: 'grondoorzaak', objected: 'bezwaar',
    objection_upheld: 'bezwaar_gegrond', satisfaction: 'tevredenheid',
  },
  en: Object.fromEntries(CSV_COLUMNS.map((c) => [c, c])) as Record<CsvColumn, string>,
};

/**
 * The options of csv-stringify for the export (see the top of this file for why). csv-stringify
 * quotes a cell holding the whole record delimiter (CRLF) but not a lone CR or LF, which Excel and
 * csv-parse take for the end of a row: those are quoted too.
 */
export const CSV_OPTIONS = { delimiter: ';', bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text that no spreadsheet runs as a formula: a leading apostrophe where it could. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** "2026-12-24 16:00" in Amsterdam time; empty for none. */
export function amsterdamMinute(instant: Date | null): string {
  return instant === null ? '' : format(new TZDate(instant.getTime(), TIME_ZONE), 'yyyy-MM-dd HH:mm');
}

const YES_NO: Record<Language, [string, string]> = { nl: ['ja', 'nee'], en: ['yes', 'no'] };

function yesNo(value: boolean | null, language: Language): string {
  return value === null ? '' : YES_NO[language][value ? 0 : 1];
}

export function csvHeader(language: Language): string[] {
  return CSV_COLUMNS.map((c) => neutralise(CSV_HEADERS[language][c]));
}

/**
 * One case as cells, in the order of CSV_COLUMNS. Codes stay codes (complaint, billing, web,
 * substantive-response-overdue): the same values the filters and definitions use, in both
 * languages; yes/no in the reader's language. Every cell is neutralised.
 */
export function csvRow(c: CsvCase, language: Language): string[] {
  const cells: Record<CsvColumn, string> = {
    reference: c.reference,
    type: c.caseType,
    category: c.category,
    channel: c.channel,
    received_at: amsterdamMinute(c.receivedAt),
    acknowledged_at: amsterdamMinute(c.acknowledgedAt),
    responded_at: amsterdamMinute(c.respondedAt),
    resolved_at: amsterdamMinute(c.resolvedAt),
    closed_at: amsterdamMinute(c.closedAt),
    working_days_to_response: c.workingDaysToResponse === null ? '' : String(c.workingDaysToResponse),
    working_days_to_settlement: c.workingDaysToResolution === null ? '' : String(c.workingDaysToResolution),
    breaches: c.breaches.join(','),
    justified: c.justified ?? '',
    root_cause: c.rootCause ?? '',
    objected: yesNo(c.objectedAt !== null, language),
    objection_upheld: c.objectedAt === null ? '' : yesNo(c.objectionUpheld, language),
    satisfaction: c.satisfaction === null ? '' : String(c.satisfaction),
  };
  return CSV_COLUMNS.map((column) => neutralise(cells[column]));
}
