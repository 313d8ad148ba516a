import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { openMigrated } from '../../db/open-db.ts';
import { ROLES, type Role } from '../../domain/access/policy.ts';
import { DomainError, assertNoIssues } from '../../domain/errors.ts';
import { createUser, findUserIdByEmail, getUser, grantRole, listAllUsers, listUsers, normaliseEmail, revokeGrant, setDisabled, setPassword, type UserDto } from '../../services/auth/accounts.service.ts';
import { passwordIssues } from '../../services/auth/passwords.ts';
import { createApiToken } from '../../services/auth/tokens.service.ts';
import { getMunicipality } from '../../services/municipalities/municipalities.service.ts';
import type { Db } from '../../services/strategy/document.repo.ts';

type Out = { log: (s: string) => void; error: (s: string) => void };

/** The exit codes of main.ts's EXIT that these commands use (kept here so main.ts is not imported back). */
const OK = 0;
const USAGE = 64;

const SUBCOMMANDS = ['create', 'grant', 'revoke', 'list', 'disable', 'enable', 'password', 'token'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

/** The options each subcommand takes; any other is a usage error. */
const OPTIONS_OF: Record<Sub, string[]> = {
  create: ['name', 'instance-admin', 'municipality', 'role', 'unit', 'sso-only'],
  grant: ['municipality', 'role', 'unit'],
  revoke: ['municipality', 'role', 'unit'],
  list: ['municipality'],
  disable: [],
  enable: [],
  password: [],
  token: ['name', 'scope'],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `samspel user create|grant|revoke|list|disable|enable|password|token …`: the accounts on the command
 * line, for whoever runs the server. This is how the first instance administrator is made on a fresh
 * server. A password is never an argument (it would stay in the shell's history and show in `ps`): it is
 * read from standard input, one line, or asked for twice without echo when standard input is a terminal.
 * `stdin`, when given, stands for standard input (the tests'). A value meant for a script (a new
 * account's id, a token) goes alone to standard output; what was done goes to standard error.
 */
export async function userCommand(config: Config, argv: string[], out: Out, usage: (msg: string) => number, stdin?: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        'instance-admin': { type: 'boolean' },
        municipality: { type: 'string' },
        role: { type: 'string' },
        unit: { type: 'string' },
        'sso-only': { type: 'boolean' },
        scope: { type: 'string' },
      },
    });
  } catch (e) {
    return usage(`user: ${(e as Error).message}`);
  }
  const [, subWord, emailArg, extra] = parsed.positionals;
  if (!subWord || !(SUBCOMMANDS as readonly string[]).includes(subWord)) return usage(`user needs one of: ${SUBCOMMANDS.join(', ')}`);
  const sub = subWord as Sub;
  const v = parsed.values;
  const given = Object.keys(v).filter((k) => v[k as keyof typeof v] !== undefined);
  const foreign = given.filter((k) => !OPTIONS_OF[sub].includes(k));
  if (foreign.length > 0) return usage(`user ${sub} takes no ${foreign.map((k) => `--${k}`).join(', ')}`);

  const problems: string[] = [];
  if (sub === 'list') {
    if (emailArg !== undefined) problems.push(`user list takes no address ("${emailArg}"); --municipality CODE lists one municipality's accounts`);
  } else if (!emailArg) problems.push(`user ${sub} needs the account's e-mail address, such as: samspel user ${sub} namn@kommun.se`);
  else if (!/^[^\s@]+@[^\s@]+$/.test(emailArg.trim()) || emailArg.length > 254) problems.push(`"${emailArg}" is not an e-mail address`);
  if (extra !== undefined) problems.push(`user ${sub} takes one address, not "${extra}" as well`);
  if (v.municipality !== undefined && !/^\d{4}$/.test(v.municipality)) problems.push('--municipality must be a four-digit municipality code, such as 2380');
  if (v.role !== undefined && !(ROLES as readonly string[]).includes(v.role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
  if (v.unit !== undefined && !UUID.test(v.unit)) problems.push('--unit must be the id of an organisation unit (a UUID)');
  if (v.unit !== undefined && v.role === undefined) problems.push('--unit goes with --role: the role is for that unit and the units below it');
  if (v.scope !== undefined && v.scope !== 'read' && v.scope !== 'write') problems.push('--scope must be read or write');
  if (sub === 'create') {
    if (!v.name?.trim()) problems.push('--name is required: the name people see, such as --name "Ada Lind"');
    else if (v.name.trim().length > 200) problems.push('--name must be at most 200 characters long');
    if ((v.municipality === undefined) !== (v.role === undefined)) problems.push('--municipality and --role go together: a role is in a municipality');
  }
  if ((sub === 'grant' || sub === 'revoke') && v.municipality === undefined) problems.push(`--municipality is required for user ${sub}`);
  if (sub === 'grant' && v.role === undefined) problems.push('--role is required for user grant');
  if (sub === 'token' && !v.name?.trim()) problems.push('--name is required: what the token is for, such as --name "Statistics export"');
  if (problems.length > 0) return usage(problems.join('\n'));

  const email = emailArg ? normaliseEmail(emailArg) : '';
  const grant = v.municipality !== undefined && v.role !== undefined ? { municipalityCode: v.municipality, role: v.role as Role, unitId: v.unit ?? null } : null;

  // The password first, before the database is opened: a refused one costs nothing.
  let password: string | undefined;
  if ((sub === 'create' && !v['sso-only']) || sub === 'password') {
    const read = await readPassword(stdin);
    if (read.problem !== null) {
      out.error(`Error: ${read.problem}`);
      return USAGE;
    }
    password = read.password;
    assertNoIssues(passwordIssues(password, email, 'password (standard input)'), 'The password is not acceptable');
  }

  const db = await openMigrated(config.database);
  try {
    switch (sub) {
      case 'create': {
        const user = await db.db.transaction().execute(async (trx) => {
          const made = await createUser(trx, { email, displayName: v.name!, password, instanceAdmin: v['instance-admin'] ?? false });
          if (grant) await grantRole(trx, made.id, grant);
          return getUser(trx, made.id);
        });
        out.log(user.id);
        const what = [user.instanceAdmin ? 'instance administrator' : null, ...user.grants.map(describeGrant), password === undefined ? 'signs in through single sign-on only' : null].filter(Boolean);
        out.error(`Created the account ${user.email} (${user.displayName})${what.length > 0 ? `: ${what.join('; ')}` : ', with no role yet'}`);
        return OK;
      }
      case 'grant': {
        const id = await userId(db.db, email);
        const g = await grantRole(db.db, id, grant!);
        out.log(`${email}: ${describeGrant(g)} (role ${g.id})`);
        return OK;
      }
      case 'revoke': {
        const id = await userId(db.db, email);
        const revoked = await db.db.transaction().execute(async (trx) => {
          const user = await getUser(trx, id);
          const matching = user.grants.filter((g) => g.municipalityCode === v.municipality && (v.role === undefined || (g.role === v.role && g.unitId === (v.unit ?? null))));
          if (matching.length === 0) {
            const what = v.role === undefined ? 'no role' : `no role ${v.role}${v.unit ? ` for the unit ${v.unit}` : ' for the whole municipality'}`;
            throw new DomainError('not_found', `${email} has ${what} in ${v.municipality}`);
          }
          for (const g of matching) await revokeGrant(trx, g.municipalityCode, g.id);
          return matching;
        });
        out.log(`${email}: revoked ${revoked.map(describeGrant).join('; ')}`);
        return OK;
      }
      case 'list': {
        if (v.municipality !== undefined) await getMunicipality(db.db, v.municipality);
        const users = v.municipality === undefined ? await listAllUsers(db.db) : await listUsers(db.db, v.municipality);
        for (const u of users) out.log([u.email, u.displayName, u.grants.map((g) => `${g.municipalityCode} ${g.role}${g.unitName ? ` (${g.unitName})` : ''}`).join(', ') || '-', notes(u)].join('\t'));
        out.error(`${users.length} account(s)${v.municipality ? ` with a role in ${v.municipality}` : ''}`);
        return OK;
      }
      case 'disable':
      case 'enable': {
        const user = await getUser(db.db, await userId(db.db, email));
        const disabled = sub === 'disable';
        if (user.disabled === disabled) {
          out.log(`${email} is already ${disabled ? 'disabled' : 'enabled'}`);
          return OK;
        }
        await setDisabled(db.db, user.id, disabled, user.lockVersion);
        out.log(disabled ? `${email} is disabled: its sessions are ended and its API tokens revoked` : `${email} is enabled again (revoked API tokens stay revoked)`);
        return OK;
      }
      case 'password': {
        await setPassword(db.db, await userId(db.db, email), password!);
        out.log(`The password of ${email} is changed; its sessions are ended`);
        return OK;
      }
      case 'token': {
        const id = await userId(db.db, email);
        const scope = (v.scope ?? 'read') as 'read' | 'write';
        const { token, apiToken } = await createApiToken(db.db, id, { name: v.name!, scope });
        out.log(token);
        out.error(`API token "${apiToken.name}" (${scope}) for ${email}, ${apiToken.prefix}…, id ${apiToken.id}: shown this once; only its hash is kept`);
        return OK;
      }
    }
  } finally {
    await db.close();
  }
}

async function userId(db: Db, email: string): Promise<string> {
  const id = await findUserIdByEmail(db, email);
  if (!id) throw new DomainError('not_found', `There is no account for ${email}`);
  return id;
}

function describeGrant(g: { municipalityCode: string; role: string; unitId: string | null; unitName?: string | null }): string {
  return `${g.role} in ${g.municipalityCode}${g.unitId ? ` for ${g.unitName ?? g.unitId} and the units below it` : ''}`;
}

function notes(u: UserDto): string {
  const n = [u.instanceAdmin ? 'instance administrator' : null, u.disabled ? 'disabled' : null, u.demo ? 'demo' : null, u.singleSignOn ? 'single sign-on' : null, !u.hasPassword && !u.singleSignOn ? 'no password' : null];
  return n.filter(Boolean).join(', ') || '-';
}

/**
 * The password: the first line of standard input (without its line ending), or asked for twice on a
 * terminal without echo. Empty input is refused with what to do instead.
 */
async function readPassword(stdin: string | undefined): Promise<{ password: string; problem: null } | { password: null; problem: string }> {
  const none = {
    password: null,
    problem: 'no password on standard input. Give it as one line there, never as an argument, such as: samspel user create namn@kommun.se --name "Namn" < password.txt (or run it in a terminal to be asked; --sso-only makes an account without one)',
  } as const;
  if (stdin === undefined && process.stdin.isTTY) {
    const first = await askHidden('New password: ');
    const again = await askHidden('The same again: ');
    if (first !== again) return { password: null, problem: 'the two passwords differ; nothing was changed' };
    if (first === '') return none;
    return { password: first, problem: null };
  }
  const text = stdin ?? (await readAll());
  const [line = '', ...rest] = text.split('\n');
  const password = line.replace(/\r$/, '');
  if (password === '') return none;
  if (rest.some((l) => l.trim() !== '')) return { password: null, problem: 'standard input has more than one line; give only the password, on one line' };
  return { password, problem: null };
}

async function readAll(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}

/** Reads a line from the terminal without showing it. */
function askHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    function onData(s: string) {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new Error('Interrupted; nothing was changed'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    }
    input.on('data', onData);
  });
}
