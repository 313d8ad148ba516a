import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of docs/ARCHITECTURE.md. dependency-cruiser checks every run-time dependency in src/ against
 * .dependency-cruiser.cjs (static and dynamic imports, re-exports, require, Node built-ins; `import type` is free);
 * this file runs it and adds what a dependency graph cannot see: the domain reads no clock.
 */
const SRC = path.resolve(import.meta.dirname);
const ROOT = path.dirname(SRC);
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

/** The options `npm run lint:layers` uses, with the project's compiler options for compiling each file. */
async function layerCheck(baseDir: string): Promise<{ result: ICruiseResult; violations: IViolation[] }> {
  const options: ICruiseOptions = { ...(await extractDepcruiseOptions(CONFIG)), baseDir };
  const tsConfig = extractTSConfig(path.join(ROOT, 'tsconfig.json'));
  const { output } = await cruise(['src'], options, {}, { tsConfig });
  if (typeof output === 'string') throw new Error('dependency-cruiser returned text, not a cruise result');
  return { result: output, violations: output.summary.violations };
}

const describeViolation = (v: IViolation) => `${v.from} → ${v.to} (${v.rule.name})`;

/** What the graph cannot show: the domain is pure, so it reads no clock, randomness, locale or process. */
export function domainImpurities(files: Array<{ file: string; text: string }>): string[] {
  return files
    .filter(({ file, text }) => path.relative(SRC, file).split(path.sep)[0] === 'domain' && !file.endsWith('.test.ts') && /\b(Date\.now|new Date\(\)|Math\.random|Intl\.|process\.)/.test(text))
    .map(({ file }) => `${path.relative(SRC, file)} (domain) reads the clock, randomness, locale or process`);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('architecture', () => {
  it('keeps every run-time dependency in src/ within the layer rules', async () => {
    const { result, violations } = await layerCheck(ROOT);
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    expect(result.modules.some((m) => m.source === 'src/web/App.tsx' && m.dependencies.some((d) => d.resolved === 'src/web/auth/Login.tsx'))).toBe(true);
    expect(violations.map(describeViolation), 'dependency-cruiser: from → to (rule); see .dependency-cruiser.cjs').toEqual([]);
  });

  it('keeps the domain free of the clock, randomness, locale and process', () => {
    const files = sourceFiles(path.join(SRC, 'domain')).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
    expect(files.length).toBeGreaterThan(20);
    expect(domainImpurities(files)).toEqual([]);
  });

  it('finds the domain reading the clock', () => {
    expect(domainImpurities([{ file: path.join(SRC, 'domain/x.ts'), text: 'export const now = () => Date.now();' }])).toHaveLength(1);
    expect(domainImpurities([{ file: path.join(SRC, 'domain/x.test.ts'), text: 'const now = Date.now();' }])).toEqual([]);
  });

  describe('on a tree laid out like src/', () => {
    /** file (under src/) → its text and the rules it must break ([] = none). */
    const FIXTURES: Record<string, { text: string; breaks: string[] }> = {
      // The targets: one file per layer.
      'db/open-db.ts': { text: 'export const openDb = () => 1;', breaks: [] },
      'db/schema.ts': { text: 'export interface Database { id: number }\nexport const TABLES = 1;', breaks: [] },
      'domain/strategy/validate.ts': { text: 'export const validateDocument = () => true;', breaks: [] },
      'services/strategy/documents.service.ts': { text: 'export const listDocuments = () => [];', breaks: [] },
      'http/app.ts': { text: 'export const buildApp = () => 1;', breaks: [] },
      'shared/format.ts': { text: 'export const fmt = (n: number) => String(n);', breaks: [] },
      // What the regular expression over import lines found too.
      'domain/strategy/static-db.ts': { text: "import { openDb } from '../../db/open-db.ts';\nexport const x = openDb;", breaks: ['layer-domain'] },
      'domain/static-service.ts': { text: "import { listDocuments } from '../services/strategy/documents.service.ts';\nexport const x = listDocuments;", breaks: ['layer-domain'] },
      'domain/static-fs.ts': { text: "import fs from 'node:fs';\nexport const x = fs;", breaks: ['domain-no-node-builtins'] },
      'domain/bare-path.ts': { text: "import { join } from 'path';\nexport const x = join;", breaks: ['domain-no-node-builtins'] },
      'domain/zod.ts': { text: "import { z } from 'zod';\nexport const x = z.string();", breaks: ['domain-no-forbidden-packages'] },
      'domain/multiline.ts': { text: "import {\n  openDb,\n} from '../db/open-db.ts';\nexport const x = openDb;", breaks: ['layer-domain'] },
      'http/routes/static-db.ts': { text: "import { openDb } from '../../db/open-db.ts';\nexport const x = openDb;", breaks: ['layer-http'] },
      'http/driver.ts': { text: "import { Kysely } from 'kysely';\nexport const x = Kysely;", breaks: ['no-database-driver-in-http-or-web'] },
      'http/reexport.ts': { text: "export { openDb } from '../db/open-db.ts';", breaks: ['layer-http'] },
      'http/reexport-star.ts': { text: "export * from '../db/open-db.ts';", breaks: ['layer-http'] },
      'services/x/static-http.ts': { text: "import { buildApp } from '../../http/app.ts';\nexport const x = buildApp;", breaks: ['layer-services'] },
      'services/outside.ts': { text: "import { helper } from '../../test/support/helper.ts';\nexport const x = helper;", breaks: ['no-import-from-outside-src'] },
      'io/kolada/static-service.ts': { text: "import { listDocuments } from '../../services/strategy/documents.service.ts';\nexport const x = listDocuments;", breaks: ['layer-io'] },
      'shared/crypto.ts': { text: "import { randomUUID } from 'node:crypto';\nexport const id = randomUUID;", breaks: ['shared-no-node-builtins'] },
      'web/pglite.tsx': { text: "import { PGlite } from '@electric-sql/pglite';\nexport const App = () => <div>{String(PGlite)}</div>;", breaks: ['no-database-driver-in-http-or-web'] },
      'extra/new-layer.ts': { text: "import { openDb } from '../db/open-db.ts';\nexport const x = openDb;", breaks: ['layer-unknown'] },
      // What it missed: dynamic imports, require, built-ins other than fs and path without `node:`, imports that resolve to nothing.
      'domain/dynamic-db.ts': { text: "export async function load() {\n  const { openDb } = await import('../db/open-db.ts');\n  return openDb();\n}", breaks: ['layer-domain'] },
      'domain/dynamic-fs.ts': { text: "export async function read(p: string) {\n  const fs = await import('node:fs');\n  return fs.readFileSync(p);\n}", breaks: ['domain-no-node-builtins'] },
      'domain/lazy-service.ts': { text: "export const lazy = () => import('../services/strategy/documents.service.ts');", breaks: ['layer-domain'] },
      'domain/bare-crypto.ts': { text: "import { createHash } from 'crypto';\nexport const x = createHash;", breaks: ['domain-no-node-builtins'] },
      'http/dynamic-driver.ts': { text: "export async function connect() {\n  const { Kysely } = await import('kysely');\n  return Kysely;\n}", breaks: ['no-database-driver-in-http-or-web'] },
      'io/required.ts': { text: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport const pg: unknown = require('pg');", breaks: ['io-no-forbidden-packages'] },
      'cli/missing.ts': { text: "import { gone } from './gone.ts';\nexport const x = gone;", breaks: ['no-unresolvable-import'] },
      // Under verbatimModuleSyntax `import { type X } from 'm'` compiles to `import {} from 'm'`: m is loaded at run time.
      'http/inline-type.ts': { text: "import { type Database } from '../db/schema.ts';\nexport type Db = Database;", breaks: ['layer-http'] },
      // Allowed: a layer's own imports, types from anywhere, and tests.
      'services/x/allowed.ts': { text: "import { validateDocument } from '../../domain/strategy/validate.ts';\nimport { openDb } from '../../db/open-db.ts';\nimport { Kysely } from 'kysely';\nexport const x = [validateDocument, openDb, Kysely];", breaks: [] },
      'http/types.ts': { text: "import type { Kysely } from 'kysely';\nimport type { Database } from '../db/schema.ts';\nexport type Db = Kysely<Database>;", breaks: [] },
      'http/reexport-type.ts': { text: "export type { Database } from '../db/schema.ts';\nimport { fmt } from '../shared/format.ts';\nexport const x = fmt;", breaks: [] },
      'web/allowed.tsx': { text: "import type { PGlite } from '@electric-sql/pglite';\nimport { fmt } from '../shared/format.ts';\nexport const View = (p: { db?: PGlite }) => <p>{fmt(p.db ? 1 : 0)}</p>;", breaks: [] },
      'domain/strategy/x.test.ts': { text: "import fs from 'node:fs';\nimport { openDb } from '../../db/open-db.ts';\nimport { helper } from '../../../test/support/helper.ts';\nexport const x = [fs, openDb, helper];", breaks: [] },
    };
    let dir = '';
    let violations: IViolation[] = [];

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samspel-layers-'));
      for (const [rel, { text }] of Object.entries(FIXTURES)) {
        fs.mkdirSync(path.dirname(path.join(dir, 'src', rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, 'src', rel), `${text}\n`);
      }
      fs.mkdirSync(path.join(dir, 'test/support'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'test/support/helper.ts'), 'export const helper = 1;\n');
      // The packages: the fixtures resolve kysely, pg and pglite as the project does.
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      ({ violations } = await layerCheck(dir));
    });
    afterAll(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it.each(Object.entries(FIXTURES))('src/%s', (rel, { breaks }) => {
      const found = violations.filter((v) => v.from === `src/${rel}`).map((v) => v.rule.name);
      expect([...new Set(found)].sort(), violations.filter((v) => v.from === `src/${rel}`).map(describeViolation).join('\n')).toEqual([...breaks].sort());
    });

    it('reports nothing else', () => {
      expect(violations.filter((v) => !(v.from.replace(/^src\//, '') in FIXTURES)).map(describeViolation)).toEqual([]);
    });
  });
});
