import { type INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { RateLimiter } from './auth/rate-limit.guard.js';
import { DataVersion, httpCache, isCacheable } from './common/http-cache.js';
import { ProblemDto } from './common/problem.dto.js';
import { ProblemFilter } from './common/problem.filter.js';
import { answerClientErrors } from './common/client-errors.js';
import { bodyChecks, MAX_JSON_BODY, queryCheck } from './common/json-body.js';
import { closeSchemas, problemMediaType } from './common/closed-schemas.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.module.js';
import { ReadReplica } from './database/read-replica.js';
import { Readiness, probes } from './health/readiness.js';
import { httpTelemetry } from './observability/http-telemetry.js';
import { Metrics } from './observability/metrics.js';
import { metricsEndpoint } from './observability/metrics-endpoint.js';
import { RoutePatterns } from './observability/route-patterns.js';
import { serveWeb } from './web/web.js';

export const API_PREFIX = 'api/v1';

/** Everything about the HTTP surface that the service and the e2e tests must share. */
export function configureApp(app: INestApplication): OpenAPIObject {
  const config = app.get<AppConfig>(APP_CONFIG);
  const routes = app.get(RoutePatterns);
  app.setGlobalPrefix(API_PREFIX);
  // first: the request's id (X-Request-Id), its log line and its duration in the metrics
  app.use(httpTelemetry(app.get(Metrics), routes));
  // behind TRUST_PROXY proxies (a load balancer), the client's address is the one they forward: rate limits count it
  if (config.trustProxy > 0) (app as NestExpressApplication).set('trust proxy', config.trustProxy);
  // security headers; the Swagger UI at /docs needs its inline bootstrap script and styles. No
  // upgrade-insecure-requests: a municipality's intranet serves it over plain http on a LAN address, where the
  // browser would ask for the pages' scripts over https and get nothing (TLS is the proxy's to add)
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  // operations, outside the API (no prefix, key, rate limit or contract): GET /metrics, /health/live, /health/ready
  app.use(metricsEndpoint(app.get(Metrics), config.metricsToken), probes(app.get(Readiness)));
  app.use(queryCheck); // INVALID_REQUEST.text: a NUL or lone surrogate in the query, before anything reads it
  serveWeb(app); // the web app at / and /lugar/{ubigeo}, outside the API prefix
  // anonymous reads from the read replica while it is up to date (DATABASE_READ_URL)
  app.use(app.get(ReadReplica).middleware());
  app.use(httpCache(app.get(DataVersion), config.publicReads, app.get(RateLimiter)));
  // JSON bodies (rules, priorities, keys) are small: 1 MB at most; files go through multipart with their own cap
  (app as NestExpressApplication).useBodyParser('json', { limit: MAX_JSON_BODY });
  app.use(...bodyChecks); // BODY_TOO_DEEP and INVALID_JSON, before any guard or validation
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Content-Type', 'X-API-Key', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id'],
      maxAge: 600,
    });
  }
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }));
  app.useGlobalFilters(new ProblemFilter(routes));
  answerClientErrors(app.getHttpServer()); // what Node's parser refuses before any route: HEADERS_TOO_LARGE, MALFORMED_REQUEST
  app.enableShutdownHooks();

  const document = problemMediaType(closeSchemas(documentBodyLimit(documentCaching(SwaggerModule.createDocument(app, openApiConfig(config.publicUrl))))));
  routes.learn(document.paths); // the route of an answer given before Express's router (a 304, one kept in memory)
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'Canon tracker API' });
  return document;
}

/** Every cacheable read documents its ETag and the 304 an If-None-Match can get. */
function documentCaching(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    const get = item.get;
    if (!get || !isCacheable(path)) continue;
    get.responses['304'] = {
      description:
        'Not Modified: the data has not changed since the ETag sent in If-None-Match (no body). Every read answers with an ETag from the data version; any import, rules version or override moves it.',
    };
  }
  return document;
}

/** Every operation that takes a JSON body documents the 413 of one over MAX_JSON_BODY. */
function documentBodyLimit(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['post', 'put', 'patch'] as const) {
      const operation = item[method];
      const body = operation?.requestBody as { content?: Record<string, unknown> } | undefined;
      if (!operation || body?.content?.['application/json'] === undefined || operation.responses['413'] !== undefined) continue;
      operation.responses['413'] = {
        description: `BODY_TOO_LARGE: a JSON body over ${MAX_JSON_BODY.replace('mb', ' MB')}`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      };
    }
  }
  return document;
}

/** The contract's header; its one server is PUBLIC_URL, else the document's own origin ('/', as OpenAPI reads a relative URL). */
function openApiConfig(publicUrl: string | undefined) {
  return (
    new DocumentBuilder()
      .addServer(publicUrl ?? '/', publicUrl ? 'This service (PUBLIC_URL)' : 'This service: the origin the document was read from (set PUBLIC_URL to name it)')
      .addApiKey(
        { type: 'apiKey', name: 'X-API-Key', in: 'header', description: 'Every write needs a key; reads are public unless PUBLIC_READS=false.' },
        'apiKey',
      )
      .setTitle('Municipal public-investment execution tracker (Peru)')
      .setDescription(
        'Budget execution of Peruvian municipalities from MEF files: PIA, PIM, devengado and the execution rate ' +
          '(devengado / PIM × 100, one decimal, as MEF\'s "Avance %") by municipality, province, department and year, ' +
          'per inhabitant too. Amounts are exact decimal strings in soles. Every figure comes from the latest snapshot ' +
          '(data cut-off) of each municipality-year; earlier snapshots are kept as history. Errors are ' +
          'application/problem+json with a stable `code`; a method a path does not take is a 405 whose Allow header lists the ones it does.',
      )
      .setVersion('1.0.0')
      .addTag('imports', 'Upload MEF exports; see what each import changed')
      .addTag('execution', 'Budget execution, rankings and revision history')
      .addTag('geography', 'Municipalities, provinces, departments and population')
      .addTag('projects', 'Investment projects (CUI): budget by year and snapshot, cost history, location and area')
      .addTag('analytics', "The Espinar study's analyses: ECLAC dimensions of the budget, and the classification rules behind them")
      .addTag('canon', 'Canon, sobrecanon and royalties transferred to municipalities (rubro 18)')
      .addTag('reports', 'The audit report (xlsx) and its tables (csv)')
      .addTag('keys', 'API keys and their roles')
      .addTag('audit', 'Who changed what, and when')
      // what any route may answer, whatever it does
      .addGlobalResponse(
        { status: 401, type: ProblemDto, description: 'API_KEY_INVALID: a key was sent and is unknown or revoked (or API_KEY_REQUIRED where a key is needed)' },
        {
          status: 429,
          type: ProblemDto,
          description:
            'RATE_LIMITED: too many requests a minute for this key or IP, or too many of this key at once (KEY_CONCURRENCY running, 64 waiting); see Retry-After',
        },
        { status: 500, type: ProblemDto, description: 'INTERNAL_ERROR, with a correlationId and nothing of the internals' },
        {
          status: 503,
          type: ProblemDto,
          description:
            'DATABASE_UNAVAILABLE (the database is not reachable), DATABASE_BUSY (no free connection within DB_POOL_WAIT_MS), QUERY_TIMEOUT (a read ran past DB_READ_TIMEOUT_MS), EXPORTS_BUSY (too many heavy exports at once), WIDE_READS_BUSY (too many country-wide reads at once) or SHUTTING_DOWN (an upload to an instance that is stopping): retry after Retry-After seconds',
        },
      )
      .build()
  );
}
