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
  DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  IMPORT_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(200 * 1024 * 1024).default(10 * 1024 * 1024),
  WEB_DIR: z.string().min(1).default('./dist/web'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REPORT_WORKER: z.enum(['on', 'off']).default('on'),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  DISCLOSURE_THRESHOLD: z.coerce.number().int().min(2).max(100).default(5),
});

export interface Config {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string; sharedBuffers: string };
  demoData: 'auto' | 'off';
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
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      database: e.DATABASE_URL
        ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
        : { kind: 'pglite', dataDir: e.PGLITE_DIR, sharedBuffers: e.PGLITE_SHARED_BUFFERS },
      demoData: e.DEMO_DATA,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      importBodyLimitBytes: e.IMPORT_BODY_LIMIT_BYTES,
      logLevel: e.LOG_LEVEL,
      webDir: e.WEB_DIR,
      reports: { worker: e.REPORT_WORKER === 'on', chromiumPath: e.CHROMIUM_PATH, disclosureThreshold: e.DISCLOSURE_THRESHOLD },
    },
  };
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
