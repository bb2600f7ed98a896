import { createHash, createHmac } from 'node:crypto';

/**
 * The token in a customer's personal status link: 192 bits derived from a server secret and the
 * case reference, so every email can carry the same link without storing the token itself.
 * Postgres keeps only its SHA-256 hash, to find the case; the link itself is made when an email is
 * sent and stored nowhere. Rotating STATUS_TOKEN_SECRET invalidates all links; raising a case's
 * version (staff revoke its link) invalidates that case's.
 */
export function statusToken(secret: string, reference: string, version = 0): string {
  // Version 0 is the link as first issued; staff revoking a link raise the case's version.
  const subject = version === 0 ? `klachtflow status link:${reference}` : `klachtflow status link:${reference}:${version}`;
  return createHmac('sha256', secret).update(subject).digest('base64url').slice(0, 32);
}

export function statusTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const STATUS_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
