import swagger from '@fastify/swagger';
import helmet from '@fastify/helmet';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DbKind } from '../db/open-db.ts';
import type { Database } from '../db/schema.ts';
import { handleError, sendProblem } from './errors.ts';
import { registerConsultationRoutes } from './routes/consultation.routes.ts';
import { registerDocumentRoutes } from './routes/documents.routes.ts';
import { registerFollowUpRoutes } from './routes/follow-up.routes.ts';
import { registerItemRoutes } from './routes/items.routes.ts';
import { registerMunicipalityRoutes } from './routes/municipalities.routes.ts';
import { registerOpenDataRoutes } from './routes/open-data.routes.ts';
import { registerReportRoutes } from './routes/reports.routes.ts';
import { registerAuditRoutes } from './routes/audit.routes.ts';
import { withAuditContext } from '../services/audit/audit.service.ts';
import { randomUUID } from 'node:crypto';
import { startReportWorker } from '../services/reports/report-jobs.service.ts';
import { closeRenderers } from '../services/reports/generate.ts';
import { DEFAULT_DISCLOSURE_RULES } from '../domain/disclosure/suppression.ts';
import { registerSystemRoutes } from './routes/system.routes.ts';
import { registerWeb } from './web.ts';
import { registerAuth, type AuthOptions } from './auth.ts';
import { registerAuthRoutes } from './routes/auth.routes.ts';
import type { AccessOutcome } from '../services/auth/access.service.ts';
import type { OidcOptions } from './oidc.ts';
import { registerOidcRoutes } from './oidc.ts';

export interface AppDeps {
  db: Kysely<Database>;
  dbKind: DbKind;
  bodyLimitBytes?: number;
  importBodyLimitBytes?: number;
  logLevel?: string;
  /** The built web app (dist/web); without it, pages answer with how to build it. */
  webDir?: string;
  /** Called when a report job is queued, so this process's worker starts on it at once. */
  onReportQueued?: () => void;
  /** Counts below the threshold are suppressed in reports and open data (5 by default). */
  disclosureThreshold?: number;
  /** Run a report worker in this process, stopped when the app closes. */
  reportWorker?: { chromiumPath?: string; pollMs?: number };
  /** Sessions, sign-in throttling and cookies (defaults: 30 min idle, 12 h absolute, 5 failures per account in 15 min). */
  auth?: AuthOptions;
  /** Single sign-on through OpenID Connect, when configured. */
  oidc?: OidcOptions;
  /** Behind a reverse proxy: believe X-Forwarded-For/-Proto (the client's address for sign-in throttling, https for Secure cookies). */
  trustProxy?: boolean;
  /** Told of every access decision (the access-matrix test listens). */
  onAccessDecision?: (request: FastifyRequest, outcome: AccessOutcome) => void;
}

export interface RouteEntry {
  method: string;
  url: string;
  bodySchema: unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    routeTable: RouteEntry[];
  }
}

export type App = FastifyInstance;

/** Builds the HTTP application (no listen): API under /api/v1, OpenAPI at /api/v1/openapi.json, docs at /api/docs. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: deps.logLevel && deps.logLevel !== 'silent' ? { level: deps.logLevel } : false,
    bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // A request id that is unique across processes and restarts: the audit log refers to it.
    genReqId: () => randomUUID(),
    trustProxy: deps.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);
  app.decorate('routeTable', [] as RouteEntry[]);
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/v1') || r.method === 'HEAD') return;
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      app.routeTable.push({ method, url: r.url, bodySchema: (r.schema as { body?: unknown } | undefined)?.body });
    }
  });
  // Every change a request makes is recorded in the audit log with who made it and why (migration 007):
  // "anonymous" until the principal is known (auth.ts sets user:<id>); a reason may be given in the
  // X-Change-Reason header (percent-encoded UTF-8). The request sees no tenant's rows through
  // row-level security until its access is decided (auth.ts).
  // The rest of the request's lifecycle runs inside the context: done() is called within run().
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    withAuditContext({ actor: 'anonymous', requestId: request.id, reason: changeReason(request.headers['x-change-reason']), tenant: '' }, done);
  });
  await registerAuth(app);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => sendProblem(reply, 'not_found', `There is nothing at ${request.method} ${request.url}`));

  // Security headers on every answer (OWASP ASVS V14.4): a content security policy that lets the web
  // app load only its own scripts and styles and talk only to its own API, no framing, no MIME sniffing,
  // no referrer to other sites. Inline styles are allowed: React's style attributes and the SVG ECharts
  // draws use them; inline and foreign scripts are not.
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    // HSTS only means something over HTTPS, which a reverse proxy in front of the app terminates.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Samspel API',
        version: '1',
        description:
          'Steering documents for integration work: strategies, action plans, goals, targets, indicators and activities. Errors are application/problem+json. Sign in with a session cookie (POST /api/v1/auth/login; every change then needs the X-CSRF-Token header) or an API token (Authorization: Bearer sps_…). Published documents, the organisation and open data need neither.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'samspel_session', description: 'From POST /api/v1/auth/login; send X-CSRF-Token with every change' },
          token: { type: 'http', scheme: 'bearer', description: 'An API token (sps_…) from POST /api/v1/auth/tokens or `samspel user token`' },
        },
      },
      security: [{ session: [] }, { token: [] }, {}],
      tags: [
        { name: 'system' },
        { name: 'municipalities' },
        { name: 'organisation' },
        { name: 'documents' },
        { name: 'content' },
        { name: 'follow-up' },
        { name: 'consultation' },
        { name: 'reports' },
        { name: 'open-data' },
        { name: 'audit' },
        { name: 'accounts' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  // The API documentation page brings its own script and style; it gets a policy that allows exactly those
  // (the plugin's own default would add upgrade-insecure-requests, which breaks the page on plain http).
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: "default-src 'self'; base-uri 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'",
  });

  registerSystemRoutes(app);
  registerMunicipalityRoutes(app);
  registerDocumentRoutes(app);
  registerItemRoutes(app);
  registerFollowUpRoutes(app);
  registerConsultationRoutes(app);
  registerOpenDataRoutes(app);
  registerReportRoutes(app);
  registerAuditRoutes(app);
  registerAuthRoutes(app);
  registerOidcRoutes(app);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await registerWeb(app, deps.webDir);
  if (deps.reportWorker) {
    const worker = startReportWorker(deps.db, {
      rules: { threshold: deps.disclosureThreshold ?? DEFAULT_DISCLOSURE_RULES.threshold },
      ...(deps.reportWorker.chromiumPath ? { chromiumPath: deps.reportWorker.chromiumPath } : {}),
      ...(deps.reportWorker.pollMs ? { pollMs: deps.reportWorker.pollMs } : {}),
      onError: (e) => app.log.error(e, 'report worker'),
    });
    deps.onReportQueued = () => worker.wake();
    app.addHook('onClose', async () => worker.stop());
  }
  // The layout threads of the reports (src/io/reports/render-pool.ts) end with the server.
  app.addHook('onClose', async () => closeRenderers());
  return app;
}

function changeReason(header: string | string[] | undefined): string | null {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw) return null;
  try {
    return decodeURIComponent(raw).slice(0, 2000);
  } catch {
    return raw.slice(0, 2000);
  }
}
