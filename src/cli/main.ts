import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { loadConfigOrExit, type Config } from '../config.ts';
import { DirectoryInUseError } from '../db/lock.ts';
import { openMigrated, type Db } from '../db/open-db.ts';
import { DomainError } from '../domain/errors.ts';
import { exportDocument, importDocument } from '../services/strategy/documents.service.ts';
import { documentExportSchema, upgradeLegacyInterchange } from '../shared/api/interchange.ts';
import { runServer } from '../main.ts';
import { withAuditContext } from '../services/audit/audit.service.ts';
import { backupCommand } from './commands/backup.ts';
import { userCommand } from './commands/user.ts';
import { reportCommand } from './commands/report.ts';
import { loadDemoConsultations } from './commands/demo-consultation.ts';
import { loadDemoFollowUp } from './commands/demo-follow-up.ts';
import { loadDemo } from './commands/demo-load.ts';
import { DEMO_PASSWORD, loadDemoAccounts } from '../services/auth/demo-accounts.ts';

/** Exit codes (sysexits.h where one fits). */
export const EXIT = { ok: 0, failure: 1, usage: 64, dataError: 65, notFound: 66, unavailable: 69, config: 78 } as const;

export const USAGE = `Samspel: steering documents for municipal integration work.

Usage: samspel <command> [options]

Commands:
  serve                     Run the web server and API (same as npm start)
  migrate                   Apply pending database migrations and print the current one
  demo load                 Load the demo municipalities (data/demo), their 2016–2025
                            follow-up and a consultation (remiss) into the database;
                            loading twice changes nothing
  document export ID        Write a document version as JSON (samspel/document@1)
      --out FILE            to FILE instead of standard output
  document import FILE      Import a document version from a JSON or YAML file, all or nothing
  report follow-up          Write the yearly follow-up report of a strategy
      --municipality CODE --year YYYY --format docx|pdf|xlsx --out FILE
      [--document ID]       the strategy (by default the one in force at the end of the year)
      [--lang sv|en]        the report's language (Swedish by default)
  report action-plan        Write an action plan as adopted, with the year's status
      --municipality CODE --format docx|pdf|xlsx --out FILE
      [--document ID]       by default the latest adopted action plan, even one that has ended
      [--year YYYY]         by default the last full year, or the plan's last valid year
  report proposal           Write the decision proposal (tjänsteskrivelse) for a document
      --municipality CODE --document ID --format docx|pdf --out FILE
  backup FILE               Write a backup of the database (gzip'd JSON Lines, samspel/backup@1)
      [--municipality CODE] only these municipalities (repeat it, or CODE,CODE)
  restore FILE              Restore a backup, all or nothing, into a database that does not
                            have its municipalities (PGlite and PostgreSQL alike)
  user create EMAIL         Make an account; its password is read from standard input
      --name NAME           (one line, never an argument). The first administrator is
      [--instance-admin]    made so on a fresh server
      [--municipality CODE --role ROLE [--unit UNIT_ID]]   with a role there at once
      [--sso-only]          no password: signs in through single sign-on only
  user grant EMAIL          Give a role (reader, reporter, strategist, administrator),
      --municipality CODE --role ROLE [--unit UNIT_ID]   for a unit and those below it
  user revoke EMAIL         Take that role away, or without --role every role there
      --municipality CODE [--role ROLE [--unit UNIT_ID]]
  user list                 The accounts, tab-separated: address, name, roles, notes
      [--municipality CODE] only those with a role there
  user disable EMAIL        End its sessions, revoke its API tokens, refuse its sign-ins
  user enable EMAIL         Let it sign in again
  user password EMAIL       Set a new password (standard input, as for create); ends its sessions
  user token EMAIL          Make an API token, printed this once
      --name NAME [--scope read|write]   read by default
  help                      Show this text

The database is PGlite in PGLITE_DIR (default ./data/db), or PostgreSQL when DATABASE_URL is set.
Exit codes: 0 ok, 1 failure, 64 usage, 65 invalid data, 66 not found, 69 database in use, 78 configuration.`;

type Out = { log: (s: string) => void; error: (s: string) => void; write: (s: string) => void };
const stdio: Out = { log: (s) => console.log(s), error: (s) => console.error(s), write: (s) => process.stdout.write(s) };

async function withDb<T>(config: Config, fn: (db: Db & { migration: string | null }) => Promise<T>): Promise<T> {
  const db = await openMigrated(config.database);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function printDomainError(e: DomainError, out: Out): number {
  out.error(`Error: ${e.message}`);
  for (const i of e.issues) out.error(`  ${i.path}: ${i.message}`);
  if (e.code === 'not_found') return EXIT.notFound;
  return e.code === 'validation' ? EXIT.dataError : EXIT.failure;
}

/** Runs one CLI invocation and returns its exit code (the server command keeps running). */
export async function runCli(argv: string[], out: Out = stdio, env: Record<string, string | undefined> = process.env, stdin?: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        municipality: { type: 'string' },
        year: { type: 'string' },
        format: { type: 'string' },
        document: { type: 'string' },
        lang: { type: 'string' },
        // samspel user … (commands/user.ts checks which of them each subcommand takes)
        name: { type: 'string' },
        role: { type: 'string' },
        unit: { type: 'string' },
        scope: { type: 'string' },
        'instance-admin': { type: 'boolean' },
        'sso-only': { type: 'boolean' },
      },
    });
  } catch (e) {
    out.error(`${(e as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const [command, sub, arg] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') {
    out.log(USAGE);
    return command === undefined && !parsed.values.help ? EXIT.usage : EXIT.ok;
  }
  const usage = (msg: string) => {
    out.error(`${msg}\n\n${USAGE}`);
    return EXIT.usage;
  };
  const config = loadConfigOrExit(env);
  // What the command changes is recorded in the audit log as made by the command line.
  // (The server's own work, outside requests, is the system's.)
  return withAuditContext({ actor: command === 'serve' ? 'system' : `cli:${[command, sub].filter(Boolean).join(' ')}` }, async () => {
    try {
      switch (command) {
        case 'serve':
          await runServer(config);
          return EXIT.ok;
        case 'migrate': {
          const name = await withDb(config, async (db) => db.migration ?? 'none');
          out.log(`Database migrated; newest migration: ${name}`);
          return EXIT.ok;
        }
        case 'demo': {
          if (sub !== 'load') return usage('Did you mean: samspel demo load');
          const { results, followUp, consultation, accounts } = await withDb(config, async (db) => ({
            results: await loadDemo(db.db),
            followUp: await loadDemoFollowUp(db.db),
            consultation: await loadDemoConsultations(db.db),
            accounts: await loadDemoAccounts(db.db),
          }));
          for (const r of results) for (const d of r.documents) out.log(`${r.file}: ${d.key} v${d.version} ${d.outcome}`);
          out.log(`follow-up 2016–2025: ${followUp.values} value(s) and ${followUp.reports} report(s) written`);
          out.log(`consultation (remiss): ${consultation.consultations} written`);
          out.log(`demo accounts: ${accounts}, password "${DEMO_PASSWORD}" (never use demo data in production)`);
          return EXIT.ok;
        }
        case 'document': {
          if (sub === 'export') {
            if (!arg) return usage('document export needs the id of a document version');
            if (!/^[0-9a-f-]{36}$/i.test(arg)) return usage(`"${arg}" is not a document id (a UUID, as GET /api/v1/documents lists)`);
            const data = await withDb(config, (db) => exportDocument(db.db, arg));
            const json = `${JSON.stringify(data, null, 2)}\n`;
            if (parsed.values.out) {
              fs.writeFileSync(parsed.values.out, json);
              out.log(`Wrote ${data.document.key} v${data.document.version} to ${parsed.values.out}`);
            } else out.write(json);
            return EXIT.ok;
          }
          if (sub === 'import') {
            if (!arg) return usage('document import needs a file');
            if (!fs.existsSync(arg)) {
              out.error(`Error: there is no file ${arg}`);
              return EXIT.notFound;
            }
            let raw: unknown;
            try {
              raw = parseYaml(fs.readFileSync(arg, 'utf8'), { maxAliasCount: 1000 });
            } catch (e) {
              out.error(`Error: ${arg} is not valid JSON or YAML: ${(e as Error).message}`);
              return EXIT.dataError;
            }
            const data = documentExportSchema.safeParse(upgradeLegacyInterchange(raw));
            if (!data.success) {
              out.error(`Error: ${arg} does not follow the samspel/document@1 format; nothing was imported`);
              for (const i of data.error.issues) out.error(`  /${i.path.join('/')}: ${i.message}`);
              return EXIT.dataError;
            }
            const result = await withDb(config, (db) => importDocument(db.db, data.data));
            out.log(`${result.key} v${result.version}: ${result.outcome} (id ${result.id})`);
            return EXIT.ok;
          }
          return usage(`Unknown document command "${sub ?? ''}"`);
        }
        case 'report':
          return await reportCommand(config, sub, parsed.values, out, usage);
        case 'backup':
        case 'restore':
          return await backupCommand(config, command, argv, out, usage);
        case 'user':
          return await userCommand(config, argv, out, usage, stdin);
        default:
          return usage(`Unknown command "${command}"`);
      }
    } catch (e) {
      if (e instanceof DomainError) return printDomainError(e, out);
      if (e instanceof DirectoryInUseError) {
        out.error(`Error: ${e.message}`);
        return EXIT.unavailable;
      }
      out.error(`Error: ${(e as Error).message}`);
      return EXIT.failure;
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await runCli(process.argv.slice(2));
  if (!(process.argv[2] === 'serve' && code === EXIT.ok)) process.exit(code);
}
