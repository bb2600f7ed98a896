import { createHash, createHmac } from 'node:crypto';

/**
 * The token in a customer's personal status link: 192 bits derived from a server secret and the
 * case reference, so every email can carry the same link without storing the token itself.
 * Postgres keeps only its SHA-256 hash, to find the case. Rotating STATUS_TOKEN_SECRET
 * invalidates all links.
 */
export function statusToken(secret: string, reference: string): string {
  return createHmac('sha256', secret).update(`klachtflow status link:${reference}`).digest('base64url').slice(0, 32);
}

export function statusTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const STATUS_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
