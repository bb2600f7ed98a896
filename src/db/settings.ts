import { DEFAULT_CALENDAR_OPTIONS, WorkingDayCalendar, type CalendarOptions } from '../calendar/workingDays';
import { DEFAULT_POLICY, type CasePolicy } from '../domain/policy';
import type { Sql } from './db';

/** What administrators set: the calendar and the procedure's policy values (report recipients: governance bodies). */
export interface Settings {
  calendar: CalendarOptions;
  policy: CasePolicy;
  security: SecuritySettings;
}

export interface SecuritySettings {
  /** Administrators and coordinators sign in with a code from an authenticator app besides the password. */
  twoFactorRequired: boolean;
}

export const DEFAULT_SETTINGS: Settings = { calendar: DEFAULT_CALENDAR_OPTIONS, policy: DEFAULT_POLICY, security: { twoFactorRequired: false } };

export async function loadSettings(sql: Sql): Promise<Settings> {
  const rows = await sql<{ key: keyof Settings; value: unknown }[]>`SELECT key, value FROM settings`;
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value])) as Partial<Settings>;
  return {
    calendar: { ...DEFAULT_SETTINGS.calendar, ...stored.calendar },
    policy: { ...DEFAULT_SETTINGS.policy, ...stored.policy },
    security: { ...DEFAULT_SETTINGS.security, ...stored.security },
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
  return { calendar: new WorkingDayCalendar(settings.calendar), policy: settings.policy };
}
