import { pathToFileURL } from 'node:url';
import { demoBanner, demoWanted, firstAdministratorHint, loadDemoIfEmpty } from './cli/commands/demo-load.ts';
import { loadConfigOrExit, type Config } from './config.ts';
import { DirectoryInUseError } from './db/lock.ts';
import { latestMigration, migrateFor, openDb, type Db } from './db/open-db.ts';
import { buildApp, type App } from './http/app.ts';

export interface Running {
  app: App;
  db: Db;
  url: string;
  stop(): Promise<void>;
}

/** Composition root: open the database → migrate → (demo data) → build the app → listen. */
export async function startServer(config: Config): Promise<Running> {
  const open = () =>
    openDb(config.database);
  let db = await open();
  try {
    const before = await latestMigration(db.db);
    const migration = await migrateFor(db, config.database);
    // Demo data (with its published demo passwords) only where it cannot be mistaken for production.
    const loaded = demoWanted(config.demoData, db.kind) ? await loadDemoIfEmpty(db.db) : false;
    if (db.kind === 'pglite' && (loaded || before !== migration)) {
      // PGlite's WebAssembly heap only grows; after migrations and a bulk load, reopening returns
      // hundreds of MB to the system (docs/decisions/004-pglite-memory.md).
      await db.close();
      db = await open();
    }
    // Everything from here on, every request included, runs as the role row-level security holds.
    await db.enterAppRole(config.database.appRole);
    const app = await buildApp({ db: db.db, dbKind: db.kind, bodyLimitBytes: config.bodyLimitBytes, importBodyLimitBytes: config.importBodyLimitBytes, logLevel: config.logLevel, webDir: config.webDir, disclosureThreshold: config.reports.disclosureThreshold, auth: config.auth, trustProxy: config.auth.trustProxy, ...(config.oidc ? { oidc: config.oidc } : {}), ...(config.reports.worker ? { reportWorker: { chromiumPath: config.reports.chromiumPath } } : {}) });
    const address = await app.listen({ port: config.port, host: config.host });
    const where = config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL';
    console.log(`Samspel listens on ${address.replace('127.0.0.1', 'localhost')} (database: ${where} as ${config.database.appRole}, migration ${migration}${loaded ? ', demo data loaded' : ''})`);
    console.log(`API documentation: ${address.replace('127.0.0.1', 'localhost')}/api/docs`);
    const banner = await demoBanner(db.db);
    if (banner) console.warn(banner);
    const hint = await firstAdministratorHint(db.db);
    if (hint) console.log(hint);
    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        await app.close();
        await db.close();
      })());
    return { app, db, url: address, stop };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** Runs the server until SIGINT/SIGTERM; prints a clear message and exits non-zero when it cannot start. */
export async function runServer(config: Config): Promise<void> {
  let running: Running;
  try {
    running = await startServer(config);
  } catch (e) {
    if (e instanceof DirectoryInUseError) {
      console.error(`Samspel cannot start: ${e.message}`);
      process.exit(69);
    }
    console.error(`Samspel cannot start: ${(e as Error).message}`);
    process.exit(1);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void running.stop().then(() => process.exit(0));
    });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runServer(loadConfigOrExit());
}
