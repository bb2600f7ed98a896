/**
 * Two-factor sign-in of staff accounts (the codes themselves: src/domain/twoFactor.ts). Setting
 * it up: a secret is stored, and counts once a first code from the app confirmed it. Signing in:
 * each code works once (its time step must be later than the last one accepted).
 */
import { newTotpSecret, totpStep } from '../domain/twoFactor';
import type { Sql } from './db';

/** The secret being set up, made now if there is none yet; undefined when two-factor is on already. */
export async function enrollmentSecret(sql: Sql, staffId: number): Promise<string | undefined> {
  const [row] = await sql<{ secret: string | null; enabled: boolean }[]>`
    UPDATE staff SET totp_secret = coalesce(totp_secret, ${newTotpSecret()})
    WHERE id = ${staffId} AND totp_enabled_at IS NULL
    RETURNING totp_secret AS secret, totp_enabled_at IS NOT NULL AS enabled`;
  return row?.secret ?? undefined;
}

/**
 * Accepts a code of the account's secret once: for signing in (two-factor on) or for confirming
 * the set-up (`confirming`: still off; it is on afterwards). False for a wrong or used code.
 */
export async function acceptCode(sql: Sql, staffId: number, code: string, o: { confirming?: boolean } = {}): Promise<boolean> {
  const [row] = await sql<{ secret: string | null }[]>`
    SELECT totp_secret AS secret FROM staff
    WHERE id = ${staffId} AND (totp_enabled_at IS NULL) = ${o.confirming ?? false}`;
  const step = row?.secret ? totpStep(row.secret, code, new Date()) : undefined;
  if (step === undefined) return false;
  // One conditional update: of two requests with the same code, one wins.
  const accepted = await sql`
    UPDATE staff SET totp_last_step = ${step}, totp_enabled_at = coalesce(totp_enabled_at, now())
    WHERE id = ${staffId} AND (totp_last_step IS NULL OR totp_last_step < ${step}) RETURNING id`;
  return accepted.length === 1;
}

/** Turns two-factor sign-in off (by its owner, or an administrator after a lost phone); a new set-up gets a new secret. */
export async function turnOffTwoFactor(sql: Sql, staffId: number): Promise<void> {
  await sql`UPDATE staff SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = ${staffId}`;
}
