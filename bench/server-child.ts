/**
 * A server under test for `npm run bench`, run as a child process of bench/run.ts:
 * the real app (startServer, configured from the environment like src/main.ts) and, in the same
 * process, a bare Fastify instance on another port whose one route returns a pre-serialised
 * JSON string (the baseline). The parent sets that string over IPC: { type: 'bare-body', body }.
 * Prints "Samspel listens on …" (from startServer) and then "BARE listens on http://127.0.0.1:PORT".
 */
import Fastify from 'fastify';
import { loadConfigOrExit } from '../src/config.ts';
import { startServer } from '../src/main.ts';

const running = await startServer(loadConfigOrExit());

let bareBody = '{}';
const bare = Fastify({ logger: false });
bare.get('/tree', (_req, reply) => {
  reply.header('content-type', 'application/json; charset=utf-8').send(bareBody);
});
const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });
console.log(`BARE listens on ${bareAddress}`);

process.on('message', (msg: unknown) => {
  const m = msg as { type?: string; body?: unknown };
  if (m.type === 'bare-body' && typeof m.body === 'string') {
    bareBody = m.body;
    process.send?.({ type: 'bare-body-set', bytes: Buffer.byteLength(bareBody) });
  }
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void Promise.allSettled([bare.close(), running.stop()]).then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The parent went away (even by SIGKILL): do not outlive it.
process.once('disconnect', stop);
