/**
 * Two-factor sign-in with a time-based one-time code (TOTP, RFC 6238: 6 digits, 30 seconds,
 * SHA-1, what every authenticator app reads from the QR code). A code of the step before or
 * after is accepted as well, for clocks a little apart; the caller makes each step work once.
 */
import { Secret, TOTP } from 'otpauth';
import type { Role } from './staff';

const ISSUER = 'Klachtflow';
const PERIOD_SECONDS = 30;

/** The roles that must use two-factor sign-in when the administrators' setting says so. */
export const TWO_FACTOR_ROLES: readonly Role[] = ['admin', 'coordinator'];

export function twoFactorRequired(role: Role, setting: boolean): boolean {
  return setting && TWO_FACTOR_ROLES.includes(role);
}

/** A new secret (160 bits), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, account: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: account, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS });
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string): string {
  return totp(secret, account).toString();
}

/**
 * The time step of `code` if it is right at `now` (within one step either side), else undefined.
 * Spaces in the code are ignored, as apps show it in two groups of three.
 */
export function totpStep(secret: string, code: string, now: Date): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totp(secret, '').validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? undefined : Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** The code of `now` (for tests and the development start). */
export function totpCode(secret: string, now: Date): string {
  return totp(secret, '').generate({ timestamp: now.getTime() });
}

/** The secret as people type it: groups of four. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}
