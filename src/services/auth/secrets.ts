import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret for a session, an API token or a CSRF token: 256 random bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps of a secret: its SHA-256. The secrets are 256 random bits, so a plain hash
 * is enough (no salt or slow hash needed), and a stolen copy of the database signs nobody in.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two strings in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
