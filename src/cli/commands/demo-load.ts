import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { parse } from 'yaml';
import type { Database } from '../../db/schema.ts';
import { importBundle, type ImportResult } from '../../services/strategy/documents.service.ts';
import { listMunicipalities } from '../../services/municipalities/municipalities.service.ts';
import { bundleSchema, upgradeLegacyInterchange } from '../../shared/api/interchange.ts';
import { DomainError } from '../../domain/errors.ts';

/** The package root: the nearest folder upwards with our package.json (this file may be bundled into dist/). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i++) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'samspel') return dir;
    dir = path.dirname(dir);
  }
  throw new Error('Cannot find the samspel package folder (for data/demo)');
}

export const DEMO_DIR = path.join(packageRoot(), 'data', 'demo');

/** Reads and validates one bundle file (YAML or JSON); the errors name the file and the field. */
export function readBundleFile(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 1000 });
  } catch (e) {
    throw new DomainError('validation', `${file} is not valid YAML/JSON: ${(e as Error).message}`);
  }
  const parsed = bundleSchema.safeParse(upgradeLegacyInterchange(raw));
  if (!parsed.success) {
    throw new DomainError('validation', `${file} does not follow the samspel/bundle@1 format`, {
      issues: parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })),
    });
  }
  return parsed.data;
}

/** Loads the demo municipalities through the same all-or-nothing import as the API; loading twice changes nothing. */
export async function loadDemo(db: Kysely<Database>, dir = DEMO_DIR): Promise<Array<{ file: string; documents: ImportResult[] }>> {
  // consultations.yaml is not a bundle: loadDemoConsultations reads it (demo-consultation.ts).
  const files = fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== 'consultations.yaml').sort();
  const bundles = files.map((f) => ({ file: f, bundle: readBundleFile(path.join(dir, f)) }));
  const out = [];
  for (const { file, bundle } of bundles) out.push({ file, documents: (await importBundle(db, bundle)).documents });
  return out;
}

/** Loads the demo data (documents, then 2016–2025 follow-up, then a consultation) only into a database that has no municipality yet. */
export async function loadDemoIfEmpty(db: Kysely<Database>): Promise<boolean> {
  if ((await listMunicipalities(db)).length > 0) return false;
  await loadDemo(db);
  const { loadDemoFollowUp } = await import('./demo-follow-up.ts');
  await loadDemoFollowUp(db);
  const { loadDemoConsultations } = await import('./demo-consultation.ts');
  await loadDemoConsultations(db);
  const { loadDemoAccounts } = await import('../../services/auth/demo-accounts.ts');
  await loadDemoAccounts(db);
  return true;
}

/**
 * The loud notice a server with demo accounts prints at every start: anyone who reads the README can
 * sign in to it. Null when there are none.
 */
export async function demoBanner(db: Kysely<Database>): Promise<string | null> {
  const { demoAccounts } = await import('../../services/auth/demo-accounts.ts');
  const demo = await demoAccounts(db);
  if (!demo) return null;
  const line = '!'.repeat(78);
  return [
    line,
    `!!  DEMO MODE: this server has ${demo.accounts.length} demo accounts with the published password "${demo.password}".`,
    '!!  Anyone can sign in as administrator. Never expose it; for real data start with DEMO_DATA=off',
    '!!  on an empty database and create the first administrator with `samspel user create`.',
    line,
  ].join('\n');
}

/** Whether the demo data goes into an empty database: on the embedded one by default, on a PostgreSQL server only when asked (DEMO_DATA=on). */
export function demoWanted(setting: 'auto' | 'on' | 'off', dbKind: 'pglite' | 'postgres'): boolean {
  return setting === 'on' || (setting === 'auto' && dbKind === 'pglite');
}

/** What a server without any account prints at start: how to create the first administrator. Null once there is one. */
export async function firstAdministratorHint(db: Kysely<Database>): Promise<string | null> {
  const { hasAnyAccount } = await import('../../services/auth/accounts.service.ts');
  if (await hasAnyAccount(db)) return null;
  return [
    'No account exists yet. Create the first administrator (the password is read from standard input):',
    '  npx samspel user create you@kommun.se --name "Your Name" --instance-admin',
    'then sign in and give others their roles under Users (or: npx samspel user grant …).',
  ].join('\n');
}
