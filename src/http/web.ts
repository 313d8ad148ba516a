import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from './app.ts';

/**
 * The web app (built by Vite into `webDir`): hashed assets with a year's cache, and index.html for
 * every other GET outside /api so that links into the app (/m/0138/…) load it. Without a build the
 * server says how to make one instead of a bare 404.
 */
export async function registerWeb(app: App, webDir: string | undefined): Promise<void> {
  const index = webDir ? path.join(webDir, 'index.html') : null;
  const built = index !== null && fs.existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: path.resolve(webDir!),
      wildcard: false,
      index: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const page = built ? fs.readFileSync(index!, 'utf8') : null;
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/') || /\.[a-z0-9]{1,8}$/i.test(url)) {
      return reply.code(404).type('application/problem+json').send({ type: 'urn:samspel:problem:not_found', title: 'Not found', status: 404, detail: `There is nothing at GET ${url}` });
    }
    if (page === null) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built. Run `npm run build` (npm start does it), then reload. The API is at /api/docs.');
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  });
}
