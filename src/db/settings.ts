import { DEFAULT_CALENDAR_OPTIONS, WorkingDayCalendar, type CalendarOptions } from '../calendar/workingDays';
import { DEFAULT_POLICY, type CasePolicy } from '../domain/policy';
import type { Sql } from './db';

/** What administrators set: the calendar and the procedure's policy values (report recipients: governance bodies). */
export interface Settings {
  calendar: CalendarOptions;
  policy: CasePolicy;
  security: SecuritySettings;
  retention: RetentionSettings;
}

/**
 * How long personal data is kept (AVG art. 5(1)(e)); the daily retention Schedule removes what
 * has passed its period (src/db/retention.ts). The defaults and their reasoning are in the README
 * under "Personal data".
 */
export interface RetentionSettings {
  /** Days after closure that a case keeps its personal data and texts (default 2 years). */
  closedCaseDays: number;
  /** Days after delivery that an email keeps its text and address (default 90). */
  outboxBodyDays: number;
  /** Days an audit entry is kept (default 5 years). */
  auditDays: number;
  /** Days a used status-form nonce is kept (default 1: a double click comes within seconds). */
  statusFormNonceDays: number;
  /** Days Temporal keeps a closed workflow's history (namespace retention; default 30). */
  workflowHistoryDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  closedCaseDays: 730, outboxBodyDays: 90, auditDays: 1826, statusFormNonceDays: 1, workflowHistoryDays: 30,
};

/** The bounds an administrator may choose within (days). */
export const RETENTION_BOUNDS: Record<keyof RetentionSettings, { min: number; max: number }> = {
  closedCaseDays: { min: 30, max: 3650 },
  outboxBodyDays: { min: 1, max: 3650 },
  auditDays: { min: 365, max: 3650 },
  statusFormNonceDays: { min: 1, max: 30 },
  workflowHistoryDays: { min: 1, max: 3650 },
};

export interface SecuritySettings {
  /** Administrators and coordinators sign in with a code from an authenticator app besides the password. */
  twoFactorRequired: boolean;
}

export const DEFAULT_SETTINGS: Settings = { calendar: DEFAULT_CALENDAR_OPTIONS, policy: DEFAULT_POLICY, security: { twoFactorRequired: false }, retention: DEFAULT_RETENTION };

export async function loadSettings(sql: Sql): Promise<Settings> {
  const rows = await sql<{ key: keyof Settings; value: unknown }[]>`SELECT key, value FROM settings`;
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value])) as Partial<Settings>;
  return {
    calendar: { ...DEFAULT_SETTINGS.calendar, ...stored.calendar },
    policy: { ...DEFAULT_SETTINGS.policy, ...stored.policy },
    security: { ...DEFAULT_SETTINGS.security, ...stored.security },
    retention: { ...DEFAULT_SETTINGS.retention, ...stored.retention },
  };
}

/** Saves one setting and returns the value it replaced (for the audit log). */
export async function saveSetting<K extends keyof Settings>(sql: Sql, key: K, value: Settings[K], by: string): Promise<Settings[K]> {
  const before = (await loadSettings(sql))[key];
  await sql`INSERT INTO settings (key, value, updated_by) VALUES (${key}, ${sql.json(value as never)}, ${by})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now(), updated_by = excluded.updated_by`;
  return before;
}

/** The calendar and policy for cases received now. */
export async function currentRules(sql: Sql): Promise<{ calendar: WorkingDayCalendar; policy: CasePolicy }> {
  const settings = await loadSettings(sql);
  return { calendar: calendarFor(settings.calendar), policy: settings.policy };
}

/**
 * One calendar per setting, shared by every request and activity of the process: building one
 * (date-holidays, a year's holidays) costs milliseconds of CPU that every intake used to pay, and a
 * shared one keeps the years it computed. A changed setting is a new key; the oldest go.
 */
const calendars = new Map<string, WorkingDayCalendar>();
const CALENDARS_KEPT = 8;

export function calendarFor(options: CalendarOptions): WorkingDayCalendar {
  const key = JSON.stringify(options);
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = new WorkingDayCalendar(options);
    if (calendars.size >= CALENDARS_KEPT) calendars.delete(calendars.keys().next().value!);
    calendars.set(key, calendar);
  }
  return calendar;
}
