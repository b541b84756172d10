import type { Server } from 'node:http';
import { RequestMethod, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { repoRoot, type AppConfig } from '@config';
import { PinoNestLogger, createPinoLogger } from '@lib/common';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { DestinationStream } from 'pino';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pinoHttp } from 'pino-http';
import { ApiModule } from './api.module';
import { HttpErrorFilter } from './common/http-exception.filter';
import { documentErrorResponses } from './common/openapi-errors';
import { documentValidation } from './common/openapi-validation';
import { bodyParserErrors, jsonBody, jsonDepthGuard, onlyJsonOrMultipart } from './common/request-body';

/** Routes outside /api: the probes an orchestrator calls. */
const UNPREFIXED = [
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
];

/**
 * Build the api application (not listening). `preview` skips instantiating providers — enough to
 * generate the OpenAPI document without MySQL or Redis. `logDestination` replaces stdout for the log (tests).
 */
export async function createApiApp(
  config: AppConfig,
  options: { preview?: boolean; logDestination?: DestinationStream } = {},
): Promise<NestExpressApplication> {
  const logger = createPinoLogger(config, 'api', options.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    logger: new PinoNestLogger(logger),
    preview: options.preview ?? false,
    abortOnError: false,
    // Bodies are parsed by the middleware below (JSON only, with size and depth limits): no urlencoded parser.
    bodyParser: false,
  });
  app.setGlobalPrefix('api', { exclude: UNPREFIXED });
  // Idle keep-alive connections stay open longer than a client's or a proxy's (Node's default is 5 s): a client
  // that reuses a connection in the instant the server closes it gets ECONNRESET for a request that never arrived
  // (seen under load on uploads). Headers must still arrive within a bounded time, just above it.
  const server: Server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Which X-Forwarded-For to believe for req.ip (the per-address login limit, session records): TRUST_PROXY,
  // default none — a client must not choose the address it is counted under.
  app.set('trust proxy', config.http.trustProxy);
  // No implicit ETags on JSON answers (they carry clocks and counters): only the operations that document a 304
  // (the inbox polls) answer conditional requests, with ETags they compute themselves.
  app.set('etag', false);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url?.startsWith('/health/') ?? false },
    }),
  );
  app.use(helmet());
  // Brotli or gzip for text answers (the web app's 1–1.4 MB of JavaScript, JSON lists) by the client's
  // Accept-Encoding: a 1.6 Mbit/s office link otherwise waits 6–9 s for the first screen. PDFs, ZIPs and .xlsx are
  // already compressed (mime-db marks them so) and are streamed as they are.
  app.use(compression());
  // Answers under /api carry sessions' data: no browser or proxy cache keeps them. Routes that allow revalidation
  // (the inbox's ETags) or serve files set their own header over this one.
  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(cookieParser());
  app.use(onlyJsonOrMultipart, jsonBody, bodyParserErrors, jsonDepthGuard);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  serveWebApp(app);
  // Built when /api/docs or /api/openapi.json is first asked for, not at every start (a scan of every route and
  // DTO: about 0.3 CPU-seconds, paid by each api process and each of the test suite's ~60 api starts).
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: undefined,
  });
  return app;
}

/** Where `vite build` puts the web app (apps/web). */
export const WEB_DIST = join(repoRoot(), 'apps', 'web', 'dist');

/**
 * Serve the built web app at `/` when it exists: hashed assets cached for a year, and every other GET that is not
 * under /api or /health answered with index.html (the single-page app routes on the client). Without a build the
 * api runs alone (development uses Vite's dev server, which proxies /api).
 */
function serveWebApp(app: NestExpressApplication): void {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) {
    return;
  }
  app.useStaticAssets(join(WEB_DIST, 'assets'), {
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    fallthrough: false,
  });
  app.useStaticAssets(WEB_DIST, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api|health)(\/|$)/.test(req.path)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('par-index API')
    .setDescription(
      'Chỉ số cải cách hành chính (PAR Index) campaigns: self-assessment, appraisal, council, publication.',
    )
    .setVersion('1')
    .addCookieAuth('par_session')
    .build();
  return documentErrorResponses(
    documentValidation(SwaggerModule.createDocument(app, builder, { deepScanRoutes: true }), app),
  );
}

// ── The api's door for scripts, benches and tests: they import nothing else of apps/api (eslint.config.mjs). ──
export { ensureAdminAccount, ensurePlatformAdmin } from './auth/ensure-admin-account';
export { LOCKOUT } from './auth/auth.service';
export { LOGIN_THROTTLE, LoginThrottle } from './auth/login-throttle.service';
export { hashPassword } from './auth/password';
export { SessionService } from './auth/session.service';
export type { SessionUser } from './common/session-user';
export { REQUIRED_ROLES } from './common/roles.decorator';
export { toPositional, unitScope } from './common/unit-scope';
export { ConsolidationEngine } from './consolidation/consolidation.engine';
// The consolidation's inputs besides the scores: a test consolidates without the engine's streaming to compare.
export { adjustmentTotals, campaignUnits, flagSources } from './consolidation/consolidation.queries';
export { campaignNotApplicable } from './criteria/not-applicable.queries';
export { upsertEvidenceFile, type EvidenceFileWrite } from './evidence/evidence.queries';
export { CriteriaSetStore } from './criteria/criteria-set.store';
export { InboxService } from './inbox/inbox.service';
export { assertAppraisalOpen, loadVisibleTask } from './inbox/task-access';
export { inboxPageStatement } from './inbox/inbox.queries';
export { createReportsWorkerApp } from './reports/reports-worker';
// Tests build a report job with the reports process's handler inside their own api (test/support/reports.ts).
export { ReportsProcessor } from './reports/reports.processor';
// A job row's life (queued, running, progress, done), for tests that race its writes.
export { insertOrFindActive, markDone, markRunning, setProgress } from './reports/report-jobs.queries';
export { EvidenceStorage } from './evidence/evidence-storage';
export { PublishedRankingsService } from './publication/published-rankings.service';
export { PublicationService } from './publication/publication.service';
