/**
 * `npm run bench`: every benchmark in turn, each in a process of its own, each printing its ratios
 * against a baseline measured in the same run. `npm run bench -- --smoke` runs every one of them once,
 * as small as it goes (BENCH_SMOKE=1: the smallest rounds, runs and durations), to prove they still run:
 * CI runs the smoke run; its figures mean nothing.
 *
 * The load benchmark runs twice: against the PostgreSQL server directly, and through PgBouncer in
 * transaction mode (scripts/pgbouncer.sh), the production scale-out path.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const smoke = process.argv.includes('--smoke');
const LOAD_SMOKE = ['--duration', '3', '--warmup', '2', '--baseline', '2', '--connections', '10', '--users', '16', '--smoke'];

const steps: Array<{ name: string; args: string[]; before?: string[]; after?: string[] }> = [
  { name: 'tree and start (run.ts)', args: ['bench/run.ts'] },
  { name: 'tree, cold cache (tree-cold.ts)', args: ['bench/tree-cold.ts'] },
  { name: 'compilation (compilation.ts)', args: ['bench/compilation.ts'] },
  { name: 'web pages (web.ts)', args: ['bench/web.ts'] },
  { name: 'reports (reports.ts)', args: ['bench/reports.ts'] },
  { name: 'scale, 290 municipalities (scale.ts)', args: ['bench/scale.ts'] },
  { name: 'load, PostgreSQL (load.ts)', args: ['bench/load.ts', ...(smoke ? LOAD_SMOKE : [])] },
  {
    name: 'load, through PgBouncer (load.ts --pooler)',
    args: ['bench/load.ts', '--pooler', '127.0.0.1:6432', ...(smoke ? LOAD_SMOKE : [])],
    before: ['sh', 'scripts/pgbouncer.sh'],
    after: ['sh', 'scripts/pgbouncer.sh', 'stop'],
  },
];

const env = { ...process.env, TZ: 'UTC', ...(smoke ? { BENCH_SMOKE: '1' } : {}) };
const results: Array<{ name: string; seconds: number; ok: boolean }> = [];
const started = performance.now();
for (const step of steps) {
  const t0 = performance.now();
  console.log(`\n=== ${step.name}${smoke ? ' (smoke)' : ''} ===`);
  let ok = true;
  if (step.before) ok = spawnSync(step.before[0]!, step.before.slice(1), { cwd: ROOT, stdio: 'inherit', env }).status === 0;
  if (ok) ok = spawnSync(process.execPath, ['--import', 'tsx', ...step.args], { cwd: ROOT, stdio: 'inherit', env }).status === 0;
  if (step.after) spawnSync(step.after[0]!, step.after.slice(1), { cwd: ROOT, stdio: 'inherit', env });
  results.push({ name: step.name, seconds: (performance.now() - t0) / 1000, ok });
}
console.log(`\n=== benchmarks${smoke ? ' (smoke)' : ''}: ${((performance.now() - started) / 1000).toFixed(0)} s ===`);
for (const r of results) console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.name.padEnd(48)} ${r.seconds.toFixed(0).padStart(5)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
