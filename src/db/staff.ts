import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { staffIdOf, staffRef, type Role } from '../domain/staff';
import { PREPARED, type Sql } from './db';
import { turnOffTwoFactor } from './twoFactor';

export interface StaffMember {
  id: number;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  /** The password was chosen by someone else: its owner must choose their own before anything else. */
  mustChangePassword: boolean;
  /** Signs in with a code from an authenticator app besides the password (src/db/twoFactor.ts). */
  twoFactor: boolean;
}

/** A signed-in staff member as a request sees them. */
export interface SessionStaff extends StaffMember {
  sessionId: string;
  /** The password was right; the two-factor code is still to come. */
  secondFactorPending: boolean;
  /** The administrators' setting: two-factor sign-in required for administrators and coordinators. */
  twoFactorSetting: boolean;
}

const COLUMNS = 'id::int AS id, email, name, role, active, must_change_password AS "mustChangePassword", totp_enabled_at IS NOT NULL AS "twoFactor"';

/** An account with this many failed sign-ins in the window is locked until the oldest leaves it. */
export const MAX_FAILED_SIGN_INS = 5;
/** An address (IP) with this many failed sign-ins in the window, over all accounts, is refused. */
export const MAX_FAILED_SIGN_INS_PER_ADDRESS = 20;
const WINDOW_MINUTES = 15;
const SESSION_HOURS = 8;
/** A session unused this long has ended (besides the 8 hours). */
export const SESSION_IDLE_MINUTES = 30;

/**
 * A new account. `oneTime`: the password is shown to someone other than its owner (an
 * administrator, npm run staff), so it must be replaced at the first sign-in.
 */
export async function createStaff(sql: Sql, s: { email: string; name: string; role: Role; password: string; oneTime?: boolean }): Promise<StaffMember> {
  const hash = await argon2.hash(s.password, { type: argon2.argon2id });
  const [row] = await sql.unsafe<StaffMember[]>(
    `INSERT INTO staff (email, name, role, password_hash, must_change_password) VALUES (lower($1), $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [s.email, s.name, s.role, hash, s.oneTime ?? false], PREPARED);
  return row!;
}

/** Sets a password and ends the account's sessions; `oneTime` as in createStaff (a reset by someone else). */
export async function setPassword(sql: Sql, email: string, password: string, o: { oneTime?: boolean } = {}): Promise<boolean> {
  const hash = await argon2.hash(password, { type: argon2.argon2id });
  const rows = await sql<{ id: number }[]>`UPDATE staff SET password_hash = ${hash}, must_change_password = ${o.oneTime ?? false}
    WHERE email = lower(${email}) RETURNING id::int AS id`;
  if (rows[0]) await sql`DELETE FROM staff_sessions WHERE staff_id = ${rows[0].id}`; // a new password ends old sessions
  await sql`DELETE FROM sign_in_failures WHERE email = lower(${email})`;
  return rows.length === 1;
}

export async function updateStaff(sql: Sql, id: number, changes: { role?: Role; active?: boolean; twoFactorOff?: boolean }): Promise<void> {
  if (changes.role) await sql`UPDATE staff SET role = ${changes.role} WHERE id = ${id}`;
  if (changes.twoFactorOff) {
    await turnOffTwoFactor(sql, id);
    await sql`DELETE FROM staff_sessions WHERE staff_id = ${id}`;
  }
  if (changes.active !== undefined) {
    await sql`UPDATE staff SET active = ${changes.active} WHERE id = ${id}`;
    if (!changes.active) await sql`DELETE FROM staff_sessions WHERE staff_id = ${id}`;
  }
}

export async function listStaff(sql: Sql): Promise<StaffMember[]> {
  return sql.unsafe<StaffMember[]>(`SELECT ${COLUMNS} FROM staff ORDER BY active DESC, name`);
}

/**
 * The read model names staff by email address; Temporal by staff id (src/domain/staffInCase.ts).
 * Returns the translation for `values`: a staff id becomes its account's address, anything else
 * (an address from a case worked before staff ids, 'systeem', 'klant') stays as it is.
 */
export async function staffAddresses(sql: Sql, values: readonly (string | null | undefined)[]): Promise<(value: string) => string> {
  const ids = [...new Set(values.map((v) => (v ? staffIdOf(v) : undefined)).filter((id): id is number => id !== undefined))];
  const rows = ids.length === 0 ? [] : await sql<{ id: number; email: string }[]>`SELECT id::int AS id, email FROM staff WHERE id = ANY(${ids})`;
  const byId = new Map(rows.map((r) => [r.id, r.email]));
  return (value) => {
    const id = staffIdOf(value);
    return (id !== undefined && byId.get(id)) || value;
  };
}

/** The staff id of the account with this address, if there is one. */
export async function staffRefOf(sql: Sql, email: string): Promise<string | undefined> {
  const [row] = await sql<{ id: number }[]>`SELECT id::int AS id FROM staff WHERE email = lower(${email})`;
  return row ? staffRef(row.id) : undefined;
}

export async function countStaff(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM staff`;
  return row!.n;
}

export type SignIn = { ok: true; staff: StaffMember } | { ok: false; reason: 'invalid' | 'locked' };

/**
 * Checks a password. An account with MAX_FAILED_SIGN_INS failed sign-ins in the last quarter of an
 * hour is locked until the oldest of them is a quarter of an hour old; an address (IP) with
 * MAX_FAILED_SIGN_INS_PER_ADDRESS is refused for all accounts likewise. An unknown address costs
 * the same hashing time as a known one, and its failures count the same.
 */
export async function verifySignIn(sql: Sql, email: string, password: string, ip?: string): Promise<SignIn> {
  const [row] = await sql<(StaffMember & { passwordHash: string })[]>`
    SELECT ${sql.unsafe(COLUMNS)}, password_hash AS "passwordHash" FROM staff WHERE email = lower(${email})`;
  const locked = await signInLocked(sql, email, ip);
  // The same work whether the account exists, is locked or not: no hint in the time taken.
  const valid = row?.active ? await argon2.verify(row.passwordHash, password) : (await argon2.hash(password), false);
  if (locked) return { ok: false, reason: 'locked' };
  if (!valid || !row) {
    await recordSignInFailure(sql, email, ip);
    return { ok: false, reason: 'invalid' };
  }
  // With two-factor sign-in the failures go only once the code is right too: else a known
  // password would buy five new guesses at the code every time.
  if (!row.twoFactor) await clearSignInFailures(sql, email);
  const { passwordHash: _h, ...staff } = row;
  return { ok: true, staff };
}

/** Whether the account or the address has had too many failed sign-ins (passwords or codes) in the window. */
export async function signInLocked(sql: Sql, email: string, ip?: string): Promise<boolean> {
  const [failures] = await sql<{ account: number; address: number }[]>`
    SELECT count(*) FILTER (WHERE email = lower(${email}))::int AS account,
      count(*) FILTER (WHERE ip = ${ip ?? null})::int AS address
    FROM sign_in_failures
    WHERE at > now() - make_interval(mins => ${WINDOW_MINUTES}) AND (email = lower(${email}) OR ip = ${ip ?? null})`;
  return failures!.account >= MAX_FAILED_SIGN_INS || failures!.address >= MAX_FAILED_SIGN_INS_PER_ADDRESS;
}

export async function recordSignInFailure(sql: Sql, email: string, ip?: string): Promise<void> {
  await sql`INSERT INTO sign_in_failures (email, ip) VALUES (lower(${email.slice(0, 254)}), ${ip ?? null})`;
  await sql`DELETE FROM sign_in_failures WHERE at < now() - interval '1 day'`;
}

export async function clearSignInFailures(sql: Sql, email: string): Promise<void> {
  await sql`DELETE FROM sign_in_failures WHERE email = lower(${email})`;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A new server-side session; the returned token goes into the cookie, its hash into Postgres.
 * `secondFactorPending`: the password was right, the two-factor code is still to come.
 */
export async function createSession(sql: Sql, staffId: number, ip: string | undefined, o: { secondFactorPending?: boolean } = {}): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await sql`INSERT INTO staff_sessions (token_hash, staff_id, expires_at, ip, second_factor_pending)
    VALUES (${hashToken(token)}, ${staffId}, now() + make_interval(hours => ${SESSION_HOURS}), ${ip ?? null}, ${o.secondFactorPending ?? false})`;
  await sql`DELETE FROM staff_sessions WHERE expires_at < now()`;
  return token;
}

/** The staff member of a live session (not expired, used in the last SESSION_IDLE_MINUTES); marks it used. */
export async function sessionStaff(sql: Sql, token: string): Promise<SessionStaff | undefined> {
  const [row] = await sql<SessionStaff[]>`
    UPDATE staff_sessions ss SET last_seen_at = now()
    FROM staff s
    WHERE s.id = ss.staff_id AND ss.token_hash = ${hashToken(token)} AND ss.expires_at > now()
      AND ss.last_seen_at > now() - make_interval(mins => ${SESSION_IDLE_MINUTES})
      -- A session waiting for its code lasts only minutes.
      AND (NOT ss.second_factor_pending OR ss.created_at > now() - interval '10 minutes') AND s.active
    RETURNING s.id::int AS id, s.email, s.name, s.role, s.active, s.must_change_password AS "mustChangePassword",
      s.totp_enabled_at IS NOT NULL AS "twoFactor", ss.token_hash AS "sessionId", ss.second_factor_pending AS "secondFactorPending",
      coalesce((SELECT (value->>'twoFactorRequired')::boolean FROM settings WHERE key = 'security'), false) AS "twoFactorSetting"`;
  return row;
}

/** Whether `password` is the account's current one (no lock-out bookkeeping: the account is signed in). */
export async function checkPassword(sql: Sql, id: number, password: string): Promise<boolean> {
  const [row] = await sql<{ hash: string }[]>`SELECT password_hash AS hash FROM staff WHERE id = ${id}`;
  return row ? argon2.verify(row.hash, password) : false;
}

export async function endSession(sql: Sql, token: string): Promise<void> {
  await sql`DELETE FROM staff_sessions WHERE token_hash = ${hashToken(token)}`;
}

export async function audit(sql: Sql, e: {
  /** The staff member, or only the address that was tried (a failed sign-in). */
  staff: { id?: number; email: string }; action: string; reference?: string; ip?: string; detail?: Record<string, unknown>;
}): Promise<void> {
  await sql`INSERT INTO audit_log (staff_id, staff_email, action, reference, ip, detail)
    VALUES (${e.staff.id ?? null}, ${e.staff.email.slice(0, 254)}, ${e.action}, ${e.reference ?? null}, ${e.ip ?? null}, ${sql.json((e.detail ?? {}) as never)})`;
}

export async function auditOf(sql: Sql, reference: string) {
  return sql<{ at: Date; staffEmail: string; action: string; ip: string | null; detail: Record<string, unknown> }[]>`
    SELECT at, staff_email AS "staffEmail", action, ip, detail FROM audit_log WHERE reference = ${reference} ORDER BY at DESC, id DESC`;
}
