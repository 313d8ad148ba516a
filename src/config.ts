import { z } from 'zod';

/**
 * The only reader of process.env. Every problem is collected and reported at once, so a
 * misconfigured server prints the whole list before it exits.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
    .optional(),
  PGLITE_DIR: z.string().min(1).default('./data/db'),
  PGLITE_SHARED_BUFFERS: z.string().regex(/^\d{1,5}(kB|MB|GB)$/, 'must be a size such as 16MB').default('16MB'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATABASE_POOLING: z.enum(['session', 'transaction']).default('session'),
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
    .optional(),
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lower-case PostgreSQL role name')
    .default('samspel_app'),
  DEMO_DATA: z.enum(['auto', 'on', 'off']).default('auto'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  IMPORT_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(200 * 1024 * 1024).default(10 * 1024 * 1024),
  WEB_DIR: z.string().min(1).default('./dist/web'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REPORT_WORKER: z.enum(['on', 'off']).default('on'),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  DISCLOSURE_THRESHOLD: z.coerce.number().int().min(2).max(100).default(5),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(12),
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(50),
  OIDC_ISSUER: z.url({ message: 'must be the URL of an OpenID provider' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_REDIRECT_URI: z.url({ message: 'must be this server’s callback URL, ending in /api/v1/auth/oidc/callback' }).optional(),
  OIDC_LABEL: z.string().min(1).max(100).default('Logga in med organisationens konto'),
  OIDC_ROLE_CLAIM: z.string().min(1).max(100).optional(),
  OIDC_ALLOW_HTTP: z.enum(['on', 'off']).default('off'),
});

/** Values copied from .env.example or a tutorial are not secrets. */
const PLACEHOLDER_SECRETS = ['secret', 'change-me', 'changeme', 'password', 'client-secret', 'xxx'];

export interface Config {
  port: number;
  host: string;
  /**
   * Where the data lives (the options of openDb) and the role the application works as once migrated
   * (src/db/app-role.ts). `pooling: 'transaction'` behind PgBouncer in transaction mode.
   */
  database: ({ kind: 'postgres'; url: string; poolSize: number; pooling: 'session' | 'transaction'; migrationUrl?: string } | { kind: 'pglite'; dataDir: string; sharedBuffers: string }) & { appRole: string };
  /** `auto`: the demo into an empty embedded database only, never into a PostgreSQL server; `on`: into any empty database. */
  demoData: 'auto' | 'on' | 'off';
  bodyLimitBytes: number;
  importBodyLimitBytes: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** The built web app; `npm run build` writes it. */
  webDir: string;
  reports: {
    /** Whether this process makes queued reports (turn off on instances that should only serve). */
    worker: boolean;
    /** The Chromium the PDF reports are printed with. */
    chromiumPath: string;
    /** Counts below this are suppressed in everything published (docs/methodology/disclosure.md). */
    disclosureThreshold: number;
  };
  auth: {
    session: { idleMinutes: number; absoluteHours: number };
    throttle: { perAccount: number; perAddress: number; windowMinutes: number };
    cookieSecure: 'auto' | 'always' | 'never';
    /** Behind a reverse proxy: believe its X-Forwarded-For and X-Forwarded-Proto. */
    trustProxy: boolean;
  };
  oidc?: { issuer: string; clientId: string; clientSecret: string; redirectUri: string; label: string; roleClaim?: string; allowInsecureHttp: boolean };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses an environment (process.env by default) into a Config, or lists every problem. */
export function readConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  // Empty strings (a blank line in .env) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const e = parsed.data;
  const problems = secretProblems(e);
  if (e.DATABASE_POOLING === 'transaction' && !e.DATABASE_MIGRATION_URL) {
    problems.push('DATABASE_MIGRATION_URL: with DATABASE_POOLING=transaction, name a direct connection to PostgreSQL (not through the pooler) for the migrations');
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      database: e.DATABASE_URL
        ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, pooling: e.DATABASE_POOLING, appRole: e.DATABASE_APP_ROLE, ...(e.DATABASE_MIGRATION_URL ? { migrationUrl: e.DATABASE_MIGRATION_URL } : {}) }
        : { kind: 'pglite', dataDir: e.PGLITE_DIR, sharedBuffers: e.PGLITE_SHARED_BUFFERS, appRole: e.DATABASE_APP_ROLE },
      demoData: e.DEMO_DATA,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      importBodyLimitBytes: e.IMPORT_BODY_LIMIT_BYTES,
      logLevel: e.LOG_LEVEL,
      webDir: e.WEB_DIR,
      reports: { worker: e.REPORT_WORKER === 'on', chromiumPath: e.CHROMIUM_PATH, disclosureThreshold: e.DISCLOSURE_THRESHOLD },
      auth: {
        session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
        throttle: { perAccount: e.LOGIN_MAX_FAILURES, perAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS, windowMinutes: 15 },
        // Behind a TLS proxy (TRUST_PROXY=on) the session cookie is Secure unless a setting says otherwise.
        cookieSecure: e.COOKIE_SECURE === 'auto' && e.TRUST_PROXY === 'on' ? 'always' : e.COOKIE_SECURE,
        trustProxy: e.TRUST_PROXY === 'on',
      },
      ...(e.OIDC_ISSUER
        ? {
            oidc: {
              issuer: e.OIDC_ISSUER,
              clientId: e.OIDC_CLIENT_ID!,
              clientSecret: e.OIDC_CLIENT_SECRET!,
              redirectUri: e.OIDC_REDIRECT_URI!,
              label: e.OIDC_LABEL,
              ...(e.OIDC_ROLE_CLAIM ? { roleClaim: e.OIDC_ROLE_CLAIM } : {}),
              allowInsecureHttp: e.OIDC_ALLOW_HTTP === 'on',
            },
          }
        : {}),
    },
  };
}

/**
 * Secrets are checked at start (ASVS 14.1): single sign-on is configured completely or not at all;
 * its client secret is long and not a placeholder; its URLs are HTTPS unless plain HTTP is asked for.
 */
function secretProblems(e: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  const oidcKeys = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
  const set = oidcKeys.filter((k) => e[k] !== undefined);
  if (set.length > 0 && set.length < oidcKeys.length) {
    for (const k of oidcKeys) if (e[k] === undefined) problems.push(`${k}: is required when ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set (single sign-on needs all four)`);
  }
  const secret = e.OIDC_CLIENT_SECRET;
  if (secret !== undefined) {
    if (secret.length < 16) problems.push('OIDC_CLIENT_SECRET: must be at least 16 characters (the one your identity provider issued)');
    else if (PLACEHOLDER_SECRETS.some((p) => secret.toLowerCase().includes(p))) problems.push('OIDC_CLIENT_SECRET: looks like a placeholder, not a real secret');
  }
  if (e.OIDC_ALLOW_HTTP !== 'on') {
    for (const k of ['OIDC_ISSUER', 'OIDC_REDIRECT_URI'] as const) {
      const v = e[k];
      if (v !== undefined && !v.startsWith('https://')) problems.push(`${k}: must be an https:// URL (OIDC_ALLOW_HTTP=on allows http, for tests on loopback only)`);
    }
  }
  return problems;
}

/** Reads the configuration or prints every problem and exits with status 78 (EX_CONFIG). */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  const result = readConfig(env);
  if (result.ok) return result.config;
  console.error('Samspel cannot start: the configuration has problems:');
  for (const p of result.problems) console.error(`  - ${p}`);
  console.error('See .env.example for every setting and its default.');
  process.exit(78);
}
