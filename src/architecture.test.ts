import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of docs/ARCHITECTURE.md, enforced on every import in src/.
 * `import type` is ignored: a type carries no runtime dependency (http may name Kysely<Database>).
 */
const SRC = path.resolve(import.meta.dirname);

const ALLOWED: Record<string, string[]> = {
  domain: [],
  db: [],
  io: ['domain', 'shared'],
  services: ['domain', 'db', 'io'],
  http: ['services', 'shared', 'domain'],
  cli: ['services', 'shared', 'domain', 'db', 'config', 'main'],
  shared: ['domain'],
  web: ['shared', 'domain'],
  config: [],
  main: ['cli', 'config', 'db', 'http'],
};
/** Node built-ins and packages each layer may not use (the domain is pure: no I/O, no clock, no locale). */
const FORBIDDEN_PACKAGES: Record<string, RegExp> = {
  domain: /^(node:|fs$|path$|pg$|kysely|@electric-sql|fastify|zod|yaml)/,
  shared: /^(node:|pg$|kysely|@electric-sql|fastify)/,
  io: /^(pg$|kysely|@electric-sql|fastify)/,
};
/** db is the only layer besides services that may hold SQL drivers; http and cli reach the database through services. */
const DRIVER = /^(pg$|kysely$|@electric-sql\/pglite)/;

function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel.length === 1) return rel[0]!.replace(/\.(test\.)?ts$/, '');
  return rel[0]!;
}

export function findViolations(files: Array<{ file: string; text: string }>): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    const from = layerOf(file);
    const importRe = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
    for (const m of text.matchAll(importRe)) {
      if (m[2]) continue;
      const spec = m[3]!;
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        if (!target.startsWith(SRC)) {
          if (!file.endsWith('.test.ts')) out.push(`${path.relative(SRC, file)} imports ${spec} from outside src/`);
          continue;
        }
        const to = layerOf(target);
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) out.push(`${path.relative(SRC, file)} (${from}) imports ${spec} (${to})`);
      } else {
        const forbidden = FORBIDDEN_PACKAGES[from];
        if (forbidden?.test(spec)) out.push(`${path.relative(SRC, file)} (${from}) uses the package ${spec}`);
        if ((from === 'http' || from === 'web') && DRIVER.test(spec)) out.push(`${path.relative(SRC, file)} (${from}) uses the database driver ${spec}`);
      }
    }
    if (from === 'domain' && /\b(Date\.now|new Date\(\)|Math\.random|Intl\.|process\.)/.test(text) && !file.endsWith('.test.ts')) {
      out.push(`${path.relative(SRC, file)} (domain) reads the clock, randomness, locale or process`);
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('architecture', () => {
  it('keeps every import in src/ within the layer rules', () => {
    const files = sourceFiles(SRC).filter((f) => !f.endsWith('.test.ts')).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
    expect(files.length).toBeGreaterThan(20);
    expect(findViolations(files)).toEqual([]);
  });

  it.each([
    ['domain importing the database', 'domain/strategy/x.ts', "import { openDb } from '../../db/open-db.ts';"],
    ['domain importing a service', 'domain/x.ts', "import { listDocuments } from '../services/strategy/documents.service.ts';"],
    ['domain reading the clock', 'domain/x.ts', 'export const now = () => Date.now();'],
    ['domain using node:fs', 'domain/x.ts', "import fs from 'node:fs';"],
    ['http importing the database layer at run time', 'http/routes/x.ts', "import { openDb } from '../../db/open-db.ts';"],
    ['services importing http', 'services/x/y.ts', "import { buildApp } from '../../http/app.ts';"],
    ['io importing services', 'io/kolada/client.ts', "import { x } from '../../services/strategy/items.service.ts';"],
  ])('fails on a forbidden import: %s', (_name, rel, text) => {
    expect(findViolations([{ file: path.join(SRC, rel), text }]).length).toBeGreaterThan(0);
  });

  it('lets a layer import what it may, and types from anywhere', () => {
    expect(findViolations([{ file: path.join(SRC, 'services/x/y.ts'), text: "import { validateDocument } from '../../domain/strategy/validate.ts';\nimport { openDb } from '../../db/open-db.ts';" }])).toEqual([]);
    expect(findViolations([{ file: path.join(SRC, 'http/app.ts'), text: "import type { Kysely } from 'kysely';\nimport type { Database } from '../db/schema.ts';" }])).toEqual([]);
  });
});
