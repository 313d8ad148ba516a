import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Every child still running, so that cleanup can stop them (also on error or Ctrl-C). */
export const liveChildren = new Set<ChildProcess>();

export interface Started {
  proc: ChildProcess;
  pid: number;
  /** Milliseconds from spawn to the "listens on" line. */
  startMs: number;
  /** The app's base URL, on 127.0.0.1. */
  url: string;
  /** The bare instance's base URL (bench/server-child.ts only). */
  bareUrl: string | null;
  output: () => string;
}

export interface SpawnOptions {
  label: string;
  /** Script and its arguments after `node` (a .ts script runs through tsx; dist/main.js is what npm start runs). */
  args: string[];
  env: Record<string, string | undefined>;
  /** Also wait for the "BARE listens on" line. */
  bare?: boolean;
  ipc?: boolean;
  timeoutMs?: number;
  cwd: string;
}

/** Spawns `node [--import tsx] …` and resolves when it prints the "listens on" line(s). */
export function spawnServer(o: SpawnOptions): Promise<Started> {
  const t0 = performance.now();
  const loader = o.args[0]?.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const proc = spawn(process.execPath, [...loader, ...o.args], {
    cwd: o.cwd,
    env: o.env as NodeJS.ProcessEnv,
    stdio: o.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(proc);
  proc.once('exit', () => liveChildren.delete(proc));
  let out = '';
  let err = '';
  const output = () => (out + err).trim().slice(-4000);
  return new Promise<Started>((resolve, reject) => {
    let startMs: number | null = null;
    let url: string | null = null;
    let bareUrl: string | null = null;
    let done = false;
    const finish = (e: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (e) {
        proc.kill('SIGKILL');
        reject(e);
      } else resolve({ proc, pid: proc.pid!, startMs: startMs!, url: url!, bareUrl, output });
    };
    const timer = setTimeout(() => finish(new Error(`${o.label}: no "listens on" line within ${(o.timeoutMs ?? 60_000) / 1000} s\n${output()}`)), o.timeoutMs ?? 60_000);
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (url === null) {
        const m = /Samspel listens on (http:\/\/\S+)/.exec(out);
        if (m) {
          startMs = performance.now() - t0;
          url = m[1]!.replace('//localhost', '//127.0.0.1');
        }
      }
      if (bareUrl === null) {
        const m = /BARE listens on (http:\/\/\S+)/.exec(out);
        if (m) bareUrl = m[1]!;
      }
      if (url !== null && (!o.bare || bareUrl !== null)) finish(null);
    });
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    proc.once('error', (e) => finish(e));
    proc.once('exit', (code, signal) => finish(new Error(`${o.label}: exited (${signal ?? code}) before listening\n${output()}`)));
  });
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the child has exited. */
export async function stopChild(proc: ChildProcess, graceMs = 10_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)))]);
  clearTimeout(timer);
  if (timedOut) {
    proc.kill('SIGKILL');
    await exited;
  }
}

/** Resident and peak resident memory of a process, in MiB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rssMiB: number; hwmMiB: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5) (utime, stime); the slice starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;
