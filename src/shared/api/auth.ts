import { z } from 'zod';
import { ROLES } from '../../domain/access/policy.ts';
import { municipalityCode, text, uuid } from './common.ts';

/** A password as typed: any characters but NUL (never trimmed: spaces are part of a password). */
const password = (min = 1) => z.string().min(min, 'must not be empty').max(1024).refine((s) => !s.includes('\u0000'), 'must not contain the NUL character (U+0000)');

const email = z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');

export const loginBody = z.strictObject({
  email,
  password: password(),
});

export const passwordChangeBody = z.strictObject({
  currentPassword: password(),
  newPassword: password(0),
});

export const tokenCreateBody = z.strictObject({
  name: text(200),
  scope: z.enum(['read', 'write']).default('read'),
  expiresAt: z.iso.datetime({ offset: true, message: 'must be a date and time, such as 2027-01-31T00:00:00Z' }).nullable().optional(),
});

export const grantBody = z.strictObject({
  role: z.enum(ROLES),
  unitId: uuid.nullable().default(null).describe('A unit: the role then covers it and the units below; null for the whole municipality'),
});

export const userCreateBody = z.strictObject({
  email,
  displayName: text(200),
  password: password(0).optional().describe('Leave out for an account that signs in through single sign-on only'),
  role: z.enum(ROLES),
  unitId: uuid.nullable().default(null),
});

export const grantDto = z.object({ id: z.string(), municipalityCode, role: z.enum(ROLES), unitId: z.string().nullable(), unitName: z.string().nullable() });

export const userDto = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  instanceAdmin: z.boolean(),
  demo: z.boolean(),
  disabled: z.boolean(),
  singleSignOn: z.boolean(),
  hasPassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  lockVersion: z.number().int(),
  grants: z.array(grantDto),
});

export const sessionDto = z.object({
  user: userDto.nullable(),
  /** Send it as X-CSRF-Token with every change. */
  csrfToken: z.string().nullable(),
  via: z.enum(['session', 'token']).nullable(),
  singleSignOn: z.object({ enabled: z.boolean(), label: z.string().nullable() }),
  /** In demo mode: the demo accounts and their shared password, shown on the sign-in page. */
  demo: z.object({ password: z.string(), accounts: z.array(z.object({ email: z.string(), displayName: z.string() })) }).nullable(),
});

export const apiTokenDto = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scope: z.enum(['read', 'write']),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});

export type SessionView = z.infer<typeof sessionDto>;
export type UserView = z.infer<typeof userDto>;
export type ApiTokenView = z.infer<typeof apiTokenDto>;
