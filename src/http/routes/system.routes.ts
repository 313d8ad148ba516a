import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getHealth } from '../../services/system/health.service.ts';
import type { App } from '../app.ts';

export function registerSystemRoutes(app: App): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Whether the server and its database answer, the database kind and migration version',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.object({ kind: z.enum(['pglite', 'postgres']), migration: z.string().nullable(), serverVersion: z.string() }),
          }),
        },
      },
    },
    async () => getHealth(app.deps.db, app.deps.dbKind),
  );
}
