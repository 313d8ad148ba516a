import { hash, verify } from '@node-rs/argon2';
import type { FieldIssue } from '../../domain/errors.ts';

/**
 * argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): about 25 ms per hash here
 * (STACK.md §9). `@node-rs/argon2` and not `argon2`, whose prebuilt binary segfaults on this system.
 */
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id, a const enum */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash to verify against when there is no account, so that an unknown address takes as long as a wrong password. */
let dummy: Promise<string> | null = null;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword('no such account: a dummy to spend the same time');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** Passwords too common to allow, whatever their length (a short list; ASVS 2.1.7 asks for a breached-password check, which needs the internet). */
const COMMON = new Set(['password1234', '123456789012', 'qwertyuiopå', 'sommar2026!!', 'lösenord1234', 'samspel12345', 'changeme1234']);

/** ASVS 2.1.1–2.1.3: at least 12 characters, at most 128, any characters; not the address itself; not a common one. */
export function passwordIssues(password: string, email: string, path = '/password'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const length = [...password].length;
  if (length < 12) issues.push({ path, message: 'must be at least 12 characters long' });
  if (length > 128) issues.push({ path, message: 'must be at most 128 characters long' });
  if (password.toLowerCase() === email.toLowerCase() || COMMON.has(password.toLowerCase())) issues.push({ path, message: 'is too easy to guess; choose another' });
  return issues;
}
