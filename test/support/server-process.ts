import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * The real server as a child process (`node --import tsx src/main.ts`), for tests that kill it,
 * restart it or run two of them. Every child, temporary directory and scratch database made here is
 * remembered, so `cleanupServers()` in an afterAll removes them even when a test failed half-way.
 */

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DB_KIND: 'pglite' | 'postgres' = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** The exit, once it has happened. */
  exit(): Exit | null;
}

export interface RunningServer extends ServerProcess {
  port: number;
  /** http://127.0.0.1:PORT */
  base: string;
}

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const scratchDatabases = new Set<string>();

/** The settings the server reads, starting from a clean slate: nothing leaks in from the test's own environment. */
export function serverEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'SystemRoot']) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'on', LOG_LEVEL: 'silent', ...settings };
}

/** Starts `node --import tsx src/main.ts` with exactly these settings; does not wait for it. */
export function spawnServer(settings: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: serverEnv(settings),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not spawn the server');
  children.add(child);
  let out = '';
  let err = '';
  let exit: Exit | null = null;
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      children.delete(child);
      resolve(exit);
    });
  });
  return { child, pid: child.pid, stdout: () => out, stderr: () => err, exited, exit: () => exit };
}

const LISTENS = /Samspel listens on http:\/\/localhost:(\d+)/;

/** Waits for the "listens on" line; fails with the server's output when it exits or the time is up. */
export async function waitUntilListening(p: ServerProcess, timeoutMs = 180_000): Promise<RunningServer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = LISTENS.exec(p.stdout());
    if (m) {
      const port = Number(m[1]);
      return { ...p, port, base: `http://127.0.0.1:${port}` };
    }
    const exit = p.exit();
    if (exit) throw new Error(`the server exited (${exit.code ?? exit.signal}) before listening.\nstdout: ${p.stdout()}\nstderr: ${p.stderr()}`);
    if (Date.now() > deadline) throw new Error(`the server did not listen within ${timeoutMs} ms.\nstdout: ${p.stdout()}\nstderr: ${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startServer(settings: Record<string, string>, timeoutMs = 180_000): Promise<RunningServer> {
  return waitUntilListening(spawnServer(settings), timeoutMs);
}

/** Waits for the process to exit, or fails after timeoutMs. */
export async function waitForExit(p: ServerProcess, timeoutMs = 30_000): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`pid ${p.pid} did not exit within ${timeoutMs} ms.\nstderr: ${p.stderr()}`)), timeoutMs);
  });
  try {
    return await Promise.race([p.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends the signal (SIGKILL by default) and waits for the exit. */
export async function stopServer(p: ServerProcess, signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 30_000): Promise<Exit> {
  const done = p.exit();
  if (done) return done;
  p.child.kill(signal);
  return waitForExit(p, timeoutMs);
}

/** A fresh directory under the OS temp directory, removed by cleanupServers(). */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * A new, empty PostgreSQL database on the server of DATABASE_URL (the server process writes into its
 * default schema, so it gets a database of its own). Dropped by cleanupServers().
 */
export async function createScratchDatabase(prefix: string): Promise<{ name: string; url: string }> {
  const admin = process.env.DATABASE_URL;
  if (!admin) throw new Error('createScratchDatabase needs DATABASE_URL');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`create database ${name}`);
  } finally {
    await c.end();
  }
  scratchDatabases.add(name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function dropScratchDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query(`drop database if exists ${name} with (force)`);
  } finally {
    await c.end();
  }
  scratchDatabases.delete(name);
}

/** Kills every child still running (SIGKILL, each by its own pid), then removes temp dirs and scratch databases. */
export async function cleanupServers(): Promise<void> {
  const running = [...children];
  for (const c of running) c.kill('SIGKILL');
  await Promise.all(running.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
  for (const name of [...scratchDatabases]) await dropScratchDatabase(name);
}

/** The demo administrator of Tierp, whom the demo data brings (src/services/auth/demo-accounts.ts). */
const DEMO_ADMIN = { email: 'admin.0360@demo.samspel.se', password: 'samspel-demo' };
const sessions = new Map<string, Record<string, string>>();

/** Signs in as the demo administrator once per server; the cookie and CSRF token go with every later request. */
async function sessionHeaders(base: string): Promise<Record<string, string>> {
  const known = sessions.get(base);
  if (known) return known;
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_ADMIN), signal: AbortSignal.timeout(20_000) });
  if (r.status !== 200) throw new Error(`signing in to ${base} as ${DEMO_ADMIN.email} gave ${r.status}: ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  const headers = { cookie, 'x-csrf-token': ((await r.json()) as { csrfToken: string }).csrfToken };
  sessions.set(base, headers);
  return headers;
}

/** A JSON request to 127.0.0.1 with a timeout, signed in as the demo administrator. */
export async function http(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 20_000) {
  if (!base.startsWith('http://127.0.0.1:')) throw new Error(`traffic only to 127.0.0.1, not ${base}`);
  const auth = url === '/api/v1/health' ? {} : await sessionHeaders(base);
  const r = await fetch(`${base}${url}`, {
    method,
    headers: body === undefined ? { ...auth, ...headers } : { 'content-type': 'application/json', ...auth, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await r.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}
