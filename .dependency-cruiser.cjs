// @ts-check
/**
 * The layer rules of docs/ARCHITECTURE.md (the table's "may import" column, with docs/decisions/003-layers.md).
 * `npm run lint:layers` runs it by hand; src/architecture.test.ts runs it with every `npm test`.
 *
 * What counts as a dependency: whatever is left after TypeScript compiles a file (`tsPreCompilationDeps: false`),
 * with this project's compiler options (tsconfig.json: `verbatimModuleSyntax`). So `import type …` and
 * `export type … from` are free (a type is no run-time dependency: http may name `Kysely<Database>`), while static
 * imports, re-exports, `await import('…')`, `require('…')` and built-ins (`node:fs`, `fs`) all count.
 * Under `verbatimModuleSyntax`, `import { type X } from 'm'` compiles to `import {} from 'm'`, which loads `m`
 * at run time, so it counts too: write `import type { X } from 'm'`.
 *
 * Test files (`*.test.ts`) are not held to the rules: a test may build what it needs (a database, a server,
 * test/support) around the code it checks. Everything else in src/ is.
 */

/** The layers: folders under src/, and the two files src/config.ts and src/main.ts. */
const LAYERS = ['domain', 'db', 'io', 'services', 'http', 'cli', 'shared', 'web', 'config', 'main'];

/** Which other layers each layer may import at run time (docs/ARCHITECTURE.md). */
const ALLOWED = {
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

/** A layer as a path pattern (relative to the directory cruised from): `src/domain/…` or `src/config.ts`. */
function layerPath(layer) {
  return layer === 'config' || layer === 'main' ? `^src/${layer}\\.tsx?$` : `^src/${layer}/`;
}
const anyOf = (layers) => `(${layers.map(layerPath).join('|')})`;

const TEST_FILE = '\\.test\\.tsx?$';

/** Packages, as resolved paths under node_modules. */
const pkg = (names) => `(^|/)node_modules/(${names.join('|')})/`;
const DRIVERS = ['pg', 'kysely', '@electric-sql/pglite'];
const FORBIDDEN_PACKAGES = {
  // The domain is pure: no I/O, no clock, no locale, no framework, no validation library, no parser.
  domain: { packages: ['pg', 'kysely', '@electric-sql/[^/]+', 'fastify', '@fastify/[^/]+', 'zod', 'yaml'], builtins: true },
  shared: { packages: ['pg', 'kysely', '@electric-sql/[^/]+', 'fastify', '@fastify/[^/]+'], builtins: true },
  io: { packages: ['pg', 'kysely', '@electric-sql/[^/]+', 'fastify', '@fastify/[^/]+'], builtins: false },
};

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const forbidden = [
  ...LAYERS.map((layer) => {
    const others = LAYERS.filter((l) => l !== layer && !ALLOWED[layer].includes(l));
    return {
      name: `layer-${layer}`,
      comment: `${layer} may import ${ALLOWED[layer].length ? `only ${ALLOWED[layer].join(', ')}` : 'no other layer'} (docs/ARCHITECTURE.md)`,
      severity: /** @type {const} */ ('error'),
      from: { path: layerPath(layer), pathNot: TEST_FILE },
      to: { path: anyOf(others) },
    };
  }),
  ...Object.entries(FORBIDDEN_PACKAGES).flatMap(([layer, { packages, builtins }]) => [
    {
      name: `${layer}-no-forbidden-packages`,
      comment: `${layer} may not use ${packages.join(', ')} (docs/ARCHITECTURE.md)`,
      severity: /** @type {const} */ ('error'),
      from: { path: layerPath(layer), pathNot: TEST_FILE },
      to: { path: pkg(packages) },
    },
    ...(builtins
      ? [
          {
            name: `${layer}-no-node-builtins`,
            comment: `${layer} may not use Node's built-in modules (node:fs, fs, path, crypto, …)`,
            severity: /** @type {const} */ ('error'),
            from: { path: layerPath(layer), pathNot: TEST_FILE },
            to: { dependencyTypes: /** @type {const} */ (['core']) },
          },
        ]
      : []),
  ]),
  {
    name: 'layer-unknown',
    comment: 'a folder or file in src/ that the table does not name may import no other layer: add it to docs/ARCHITECTURE.md and to ALLOWED here first',
    severity: 'error',
    from: { path: '^src/([^/.]+)(/|\\.tsx?$)', pathNot: [anyOf(LAYERS), TEST_FILE] },
    to: { path: '^src/', pathNot: '^src/$1(/|\\.tsx?$)' },
  },
  {
    name: 'no-database-driver-in-http-or-web',
    comment: 'http and web reach the database through services; they may name its types (import type) but not load a driver',
    severity: 'error',
    from: { path: anyOf(['http', 'web']), pathNot: TEST_FILE },
    to: { path: pkg(DRIVERS) },
  },
  {
    name: 'no-import-from-outside-src',
    comment: 'the code in src/ stands on its own: no file outside src/ (test/, data/, bench/, …) except packages',
    severity: 'error',
    from: { path: '^src/', pathNot: TEST_FILE },
    to: { pathNot: '^(src/|node_modules/)', dependencyTypesNot: ['core'], couldNotResolve: false },
  },
  {
    name: 'no-unresolvable-import',
    comment: 'an import that cannot be resolved cannot be checked',
    severity: 'error',
    from: { path: '^src/', pathNot: TEST_FILE },
    to: { couldNotResolve: true },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden,
  options: {
    // Count what runs, not what is only named: type-only imports vanish in compilation.
    tsPreCompilationDeps: false,
    // The root tsconfig.json: its compiler options (verbatimModuleSyntax) decide what a compiled file imports.
    // It excludes src/web from type checking, but dependency-cruiser only borrows its compiler options here; src/web's
    // own tsconfig.json extends it and adds lib, types and jsx, which change no import between layers.
    tsConfig: { fileName: 'tsconfig.json' },
    // A symlinked package keeps its node_modules/ path, so the package rules still see it.
    preserveSymlinks: true,
    doNotFollow: { path: ['(^|/)node_modules/', '^(test|data|bench)/'] },
    // Test files are exempt (see above) and not even read: a third less to compile.
    exclude: { path: ['^dist/', '\\.test\\.tsx?$'] },
    // Compiled one file at a time, `module: NodeNext` emits `require(…)` for static imports: keep 'cjs'.
    moduleSystems: ['es6', 'cjs'],
    // Packages resolve through their `exports`, as in Node.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      // Imports here name their extension (`./x.ts`, `./x.tsx`, `./x.css`, `./x.json`); packages may not.
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
