#!/usr/bin/env node
// npm run bench:attack
// Issue 13's attacks against one service run as `npm run start:prod` runs it (256 MB old generation), on
// its own embedded PostgreSQL, holding a generated year of MEF budget lines (national, plus ~40,000 for
// one municipality so its prefilled template is big), each attack for BENCH_SECONDS while a steady public
// read load (autocannon, 4 connections, anonymous, in a child process of its own) is measured:
//   (1) ten concurrent prefilled template downloads, repeated;
//   (2) ten concurrent slow reads (detail execution by province and by project, nation-wide analyses),
//       each URL distinct and keyed, so the in-memory response cache answers none of them;
//   (3) random X-API-Key values from one address as fast as possible; then the admin key's requests
//       from the same address, and again once the Retry-After has passed.
// For each: the attackers' statuses (with the problem code), the steady load's p50/p99/req/s against
// its unloaded run, the service's peak RSS (VmRSS every 100 ms, and VmHWM), whether it is alive at the
// end (a dead service is reported and started again for the next attack). Prints a table and PASS/FAIL
// per goal; writes nothing else. Generated data is cached in .data/bench/.
// Environment: BENCH_SECONDS (12) per attack, BENCH_ROWS (600,000) national rows, BENCH_NODE_FLAGS (the service's, e.g.
// --cpu-prof), BENCH_ATTACKS (some of them only: 1b,2).
// `-- --limits`: the attacks against the service's default rate limit (600 a minute per key and per address)
// instead of none: the steady load then comes from 1,000 addresses (X-Forwarded-For, TRUST_PROXY=1), as the
// public does, and each attack has a key of its own.
const LIMITS = process.argv.includes('--limits');
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const DIR = resolve('.data/bench');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const NATIONAL_ROWS = Number(process.env.BENCH_ROWS ?? 600_000);
const YEAR = 2024;
const TEMPLATE_UBIGEO = '080101'; // Cusco; its template is the big one
const TEMPLATE_LINES = 40_000;
const FILE = join(DIR, `attack-gasto-${NATIONAL_ROWS}-${TEMPLATE_UBIGEO}-${TEMPLATE_LINES}.csv`);
const STEADY_PATHS = ['/api/v1/municipalities/080801', `/api/v1/execution?year=${YEAR}&province=0808&level=detail`];
const ATTACKERS = 10;
const REQUEST_TIMEOUT_MS = 60_000;
/** After an attack's time, requests still running may finish for this long; then they are cut. */
const GRACE_MS = 20_000;
const OOM = /JavaScript heap out of memory|Reached heap limit|Allocation failed/;

const HEADER = [
  'ANO_EJE',
  'MES_EJE',
  'NIVEL_GOBIERNO',
  'NIVEL_GOBIERNO_NOMBRE',
  'SEC_EJEC',
  'EJECUTORA_NOMBRE',
  'DEPARTAMENTO_EJECUTORA',
  'PROVINCIA_EJECUTORA',
  'DISTRITO_EJECUTORA',
  'TIPO_ACT_PROY',
  'PRODUCTO_PROYECTO',
  'PRODUCTO_PROYECTO_NOMBRE',
  'FUNCION',
  'FUNCION_NOMBRE',
  'DIVISION_FUNCIONAL',
  'DIVISION_FUNCIONAL_NOMBRE',
  'GRUPO_FUNCIONAL',
  'GRUPO_FUNCIONAL_NOMBRE',
  'FUENTE_FINANCIAMIENTO',
  'FUENTE_FINANCIAMIENTO_NOMBRE',
  'RUBRO',
  'RUBRO_NOMBRE',
  'GENERICA',
  'MONTO_PIA',
  'MONTO_PIM',
  'MONTO_CERTIFICADO',
  'MONTO_COMPROMETIDO_ANUAL',
  'MONTO_DEVENGADO',
  'MONTO_GIRADO',
];
// as bench/import.mjs has them
const FUNCTIONS = [
  ['03', 'PLANEAMIENTO, GESTION Y RESERVA DE CONTINGENCIA'],
  ['15', 'TRANSPORTE'],
  ['18', 'SANEAMIENTO'],
  ['20', 'SALUD'],
  ['22', 'EDUCACION'],
  ['10', 'AGROPECUARIA'],
  ['23', 'PROTECCION SOCIAL'],
  ['21', 'CULTURA Y DEPORTE'],
];
const RUBROS = [
  ['5', 'RECURSOS DETERMINADOS', '18', 'CANON Y SOBRECANON, REGALIAS, RENTA DE ADUANAS Y PARTICIPACIONES'],
  ['5', 'RECURSOS DETERMINADOS', '07', 'FONDO DE COMPENSACION MUNICIPAL'],
  ['1', 'RECURSOS ORDINARIOS', '00', 'RECURSOS ORDINARIOS'],
  ['2', 'RECURSOS DIRECTAMENTE RECAUDADOS', '09', 'RECURSOS DIRECTAMENTE RECAUDADOS'],
];

/** mulberry32, as in the other benches: every run measures the same file. */
let seed = 1313;
const rand = (n) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % Math.max(n, 1);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const municipalities = () =>
  readFileSync('data/reference/municipalities.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);

/** One MEF gasto row (annual layout with MES_EJE, as bench/import.mjs writes it). */
function row(ubigeo, project, code, [fn, fnName], [fuente, fuenteName, rubro, rubroName]) {
  const pim = rand(5_000_000);
  const dev = rand(pim + 1);
  return `${[
    YEAR,
    1 + rand(12),
    'M',
    'GOBIERNOS LOCALES',
    300000 + Number(ubigeo.slice(2)),
    `"MUNICIPALIDAD DE ${ubigeo}"`,
    ubigeo.slice(0, 2),
    ubigeo.slice(2, 4),
    ubigeo.slice(4),
    project ? 2 : 3,
    code,
    `"${project ? 'MEJORAMIENTO, AMPLIACION DEL SERVICIO' : 'GESTION ADMINISTRATIVA'} ${code}"`,
    fn,
    `"${fnName}"`,
    `0${fn}`,
    `"DIVISION ${fn}"`,
    `00${fn}`,
    `"GRUPO ${fn}"`,
    fuente,
    `"${fuenteName}"`,
    rubro,
    `"${rubroName}"`,
    `2.${1 + rand(6)}`,
    rand(pim),
    pim,
    rand(pim),
    rand(pim),
    `${dev}.${rand(100)}`,
    rand(dev + 1),
  ].join(',')}\n`;
}

/** NATIONAL_ROWS random rows over every municipality, then TEMPLATE_LINES distinct lines (project × rubro) of TEMPLATE_UBIGEO. */
async function generate() {
  if (existsSync(FILE)) return;
  const all = municipalities();
  const out = createWriteStream(`${FILE}.part`);
  const write = async (line) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`${HEADER.join(',')}\n`);
  for (let i = 0; i < NATIONAL_ROWS; i++) {
    const project = rand(10) < 6;
    await write(
      row(
        all[rand(all.length)],
        project,
        String(project ? 2_000_000 + rand(50_000) : 3_000_000 + rand(900)),
        FUNCTIONS[rand(FUNCTIONS.length)],
        RUBROS[rand(RUBROS.length)],
      ),
    );
  }
  // codes above the random ones' range: each (code, rubro) is a budget line of its own
  for (let i = 0; i < TEMPLATE_LINES; i++)
    await write(row(TEMPLATE_UBIGEO, true, String(2_100_000 + (i >> 2)), FUNCTIONS[(i >> 2) % FUNCTIONS.length], RUBROS[i % 4]));
  out.end();
  await once(out, 'finish');
  renameSync(`${FILE}.part`, FILE);
}

/** The service as `npm run start:prod` starts it; keeps the tail of its output. */
async function startService(databaseUrl, port, limits = false) {
  const startArgs = JSON.parse(readFileSync('package.json', 'utf8')).scripts['start:prod'].split(' ').slice(1);
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...startArgs], {
    env: {
      ...process.env,
      ADMIN_API_KEY: ADMIN_KEY,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      SEED_DEMO_DATA: 'false',
      DATA_DIR: join(DIR, 'attack-service'),
      // all clients are 127.0.0.1: without --limits, the steady load must not be limited by the attackers' requests (KEY_CONCURRENCY stays at its default)
      ...(limits ? {} : { RATE_LIMIT_PER_MINUTE: '1000000' }),
      TRUST_PROXY: '1',
      MAX_UPLOAD_MB: '4096',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.ooms = 0;
  const keep = (d) => {
    if (OOM.test(String(d))) child.ooms++;
    log = (log + d).slice(-64_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.log = () => log;
  child.alive = () => child.exitCode === null && child.signalCode === null;
  for (let i = 0; i < 600 && !log.includes('Listening') && child.alive(); i++) await sleep(100);
  if (!log.includes('Listening')) throw new Error(`the service did not start:\n${log}`);
  return child;
}

const statusOf = (pid) => readFileSync(`/proc/${pid}/status`, 'utf8');
const kb = (text, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN);

/** VmRSS every 100 ms from now (VmHWM reset first); stop() gives the peak in MB, VmHWM included while the process lives. */
function sampleRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    /* an older kernel: VmHWM then holds the process's lifetime peak, and only the samples count */
  }
  let peak = 0;
  const read = (field) => {
    try {
      peak = Math.max(peak, kb(statusOf(pid), field) / 1024 || 0);
    } catch {
      /* the process has gone */
    }
  };
  const timer = setInterval(() => read('VmRSS'), 100);
  return () => {
    clearInterval(timer);
    read('VmHWM');
    return peak;
  };
}

/** The steady load, in a process of its own so the attackers' work in this one does not delay its clock. */
async function steady(base, seconds) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--steady', base, String(seconds), ...(LIMITS ? ['--limits'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await once(child, 'exit');
  return JSON.parse(out);
}

async function steadyChild(base, seconds) {
  // with --limits, the public: each request from the next of 1,000 addresses (5,000 requests/s: 300 a minute each)
  let n = 0;
  const from = (req) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': `10.0.${(n >> 8) & 3}.${n++ & 255}` } });
  const requests = STEADY_PATHS.map((path) => (LIMITS ? { path, setupRequest: from } : { path }));
  const r = await autocannon({ url: base, connections: 4, duration: seconds, timeout: 10, requests });
  const codes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  process.stdout.write(
    JSON.stringify({
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
      codes,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
    }),
  );
}

/**
 * `workers` clients each sending the next request as soon as the last one answered, until stopped;
 * statuses counted with the problem's code ("503 EXPORTS_BUSY"), connection failures as "error CODE".
 */
function hammer(base, workers, nextPath, headers) {
  const stats = { codes: {}, bytes: 0, biggest: 0, requests: 0, slowestMs: 0, unfinished: 0, started: performance.now() };
  const cut = new AbortController();
  let running = true;
  let n = 0;
  const count = (label, ms) => {
    stats.codes[label] = (stats.codes[label] ?? 0) + 1;
    stats.requests++;
    stats.slowestMs = Math.max(stats.slowestMs, ms);
  };
  const one = async (path) => {
    const started = performance.now();
    try {
      const res = await fetch(base + path, {
        headers: typeof headers === 'function' ? headers(n) : headers,
        signal: AbortSignal.any([cut.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      if (res.ok) {
        let bytes = 0;
        for await (const chunk of res.body) bytes += chunk.length;
        stats.bytes += bytes;
        stats.biggest = Math.max(stats.biggest, bytes);
        return count(String(res.status), performance.now() - started);
      }
      const body = await res.text();
      let code = '';
      try {
        code = JSON.parse(body).code ?? '';
      } catch {
        /* not a problem body */
      }
      count(`${res.status}${code ? ` ${code}` : ''}`, performance.now() - started);
    } catch (err) {
      if (cut.signal.aborted) return void stats.unfinished++;
      count(`error ${err.cause?.code ?? err.name}`, performance.now() - started);
      await sleep(50); // a dead service refuses at once: do not spin
    }
  };
  const loops = Array.from({ length: workers }, async () => {
    while (running) await one(nextPath(n++));
  });
  return async () => {
    running = false;
    stats.seconds = (performance.now() - stats.started) / 1000;
    const timer = setTimeout(() => cut.abort(), GRACE_MS);
    await Promise.all(loops);
    clearTimeout(timer);
    return stats;
  };
}

/** Random X-API-Key values from this address as fast as autocannon sends them. */
function sweep(base, seconds) {
  const run = autocannon({
    url: `${base}/api/v1/municipalities/080801`,
    connections: 16,
    duration: seconds,
    timeout: 10,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-api-key': `ctk_${randomBytes(18).toString('base64url')}` } }) }],
  });
  return async () => {
    const r = await run;
    const codes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
    if (r.errors) codes['error (connection)'] = r.errors;
    if (r.timeouts) codes['error (timeout)'] = r.timeouts;
    return { codes, requests: r.requests.total, seconds: r.duration };
  };
}

/** One request, timed: status, problem code, bytes. */
async function timed(url, headers = {}, method = 'GET') {
  const started = performance.now();
  try {
    const res = await fetch(url, { method, headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = Buffer.from(await res.arrayBuffer());
    const code = res.ok ? '' : (/"code":"([A-Z_]+)"/.exec(body.toString())?.[1] ?? '');
    return { status: res.status, code, bytes: body.length, ms: performance.now() - started, retryAfter: res.headers.get('retry-after') };
  } catch (err) {
    return { status: 0, code: err.cause?.code ?? err.name, bytes: 0, ms: performance.now() - started };
  }
}

/** GET /health: its status and the event loop's longest delay since the previous call (each call resets the service's histogram). */
async function health(base) {
  try {
    const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(10_000) });
    const body = await res.json();
    return { status: res.status, loopMax: body.eventLoopDelayMs?.max ?? null };
  } catch {
    return { status: 0, loopMax: null };
  }
}

async function main() {
  await mkdir(DIR, { recursive: true });
  console.log(`Generating ${FILE} (cached)…`);
  await generate();
  const pgDir = join(DIR, 'attack-pg');
  await rm(pgDir, { recursive: true, force: true });
  await rm(join(DIR, 'attack-service'), { recursive: true, force: true });
  const { startEmbeddedPostgres } = await import('../dist/src/database/embedded-postgres.js');
  const db = await startEmbeddedPostgres(pgDir, { log: () => {}, warn: console.warn }, 'bench');
  const port = 4000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const admin = { 'x-api-key': ADMIN_KEY };
  let service = await startService(db.url, port);
  const deaths = [];
  const results = [];
  const info = [];
  try {
    // --- data: the file through the API, plan priorities for every municipality, an auditor key for the attackers
    let t0 = Date.now();
    const upload = JSON.parse(
      execFileSync('curl', ['-sS', '-H', `X-API-Key: ${ADMIN_KEY}`, '-F', 'snapshotDate=2024-12-31', '-F', `file=@${FILE}`, `${base}/api/v1/imports`], {
        maxBuffer: 1e8,
      }).toString(),
    );
    let imported = upload;
    while (imported.status === 'running') {
      await sleep(500);
      imported = await fetch(`${base}/api/v1/imports/${upload.id}`).then((r) => r.json());
    }
    if (imported.status !== 'completed') throw new Error(`the import ended ${imported.status}: ${JSON.stringify(imported).slice(0, 2000)}`);
    info.push(`import: ${imported.rowsRead.toLocaleString('en')} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    t0 = Date.now();
    const all = municipalities();
    for (let i = 0; i < all.length; i += 8) {
      await Promise.all(
        all.slice(i, i + 8).map(async (ubigeo, j) => {
          const codes = [...new Set([FUNCTIONS[(i + j) % 8][0], FUNCTIONS[(i + j + 3) % 8][0], '18'])];
          const res = await fetch(`${base}/api/v1/municipalities/${ubigeo}/plan-priorities`, {
            method: 'PUT',
            headers: { ...admin, 'content-type': 'application/json' },
            body: JSON.stringify({ plan: `Plan de Desarrollo Local Concertado ${ubigeo}`, priorities: codes.map((code) => ({ level: 'function', code })) }),
          });
          if (!res.ok) throw new Error(`plan priorities of ${ubigeo}: ${res.status} ${await res.text()}`);
        }),
      );
    }
    info.push(`plan priorities: ${all.length.toLocaleString('en')} municipalities in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const keyFor = async (name) => {
      for (;;) {
        const res = await fetch(`${base}/api/v1/keys`, {
          method: 'POST',
          headers: { ...admin, 'content-type': 'application/json' },
          body: JSON.stringify({ name, role: 'auditor' }),
        });
        // with --limits the admin key has its 600 a minute too (the loading's requests count until their minute ends)
        if (res.status === 429) {
          await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000 + 200);
          continue;
        }
        const made = await res.json();
        if (!made.key) throw new Error(`no key made: ${res.status} ${JSON.stringify(made)}`);
        return { 'x-api-key': made.key };
      }
    };
    const attacker = await keyFor('bench attacker');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const {
      rows: [lines],
    } = await client.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE ubigeo = $1)::int AS template FROM budget_line_latest WHERE year = $2`, [
      TEMPLATE_UBIGEO,
      YEAR,
    ]);
    await client.end();
    info.push(
      `current budget lines ${YEAR}: ${lines.total.toLocaleString('en')} in all, ${lines.template.toLocaleString('en')} of ${TEMPLATE_UBIGEO} (its template's rows)`,
    );

    // --- the slow reads: one of each kind alone, keyed (never from the response cache)
    const provinces = [...new Set(all.map((u) => u.slice(0, 4)))];
    const slowPath = (n) => {
      switch (n % 4) {
        case 0:
          return `/api/v1/execution?year=${YEAR}&province=${provinces[(n >> 2) % provinces.length]}&level=detail&groupBy=municipality&limit=${1 + (n % 2000)}`;
        case 1:
          return `/api/v1/execution?year=${YEAR}&level=detail&groupBy=project&limit=2000&offset=${((n >> 2) * 37) % 30_000}`;
        case 2:
          return `/api/v1/analytics/plan-alignment?year=${YEAR}`;
        default:
          return `/api/v1/analytics/urban-rural?year=${YEAR}`;
      }
    };
    for (let n = 0; n < 4; n++) {
      const r = await timed(base + slowPath(n), attacker);
      info.push(`alone: ${slowPath(n)} → ${r.status}${r.code ? ` ${r.code}` : ''}, ${Math.round(r.ms)} ms, ${(r.bytes / 1e3).toFixed(0)} kB`);
    }
    const cached = [];
    for (const path of STEADY_PATHS) {
      await fetch(base + path).then((r) => r.arrayBuffer());
      const res = await fetch(base + path);
      await res.arrayBuffer();
      cached.push(`${path} X-Cache: ${res.headers.get('x-cache') ?? 'none'}`);
    }
    info.push(`steady paths on a second request: ${cached.join(', ')}`);
    console.log(info.join('\n'));

    if (LIMITS) {
      // the data is in (the plan priorities alone were 1,891 requests of the admin key): the attacks meet the default limits
      service.kill('SIGTERM');
      await once(service, 'exit');
      service = await startService(db.url, port, true);
      info.push('rate limits: the defaults (600 requests a minute per key and per address); the steady load from 1,024 addresses');
    }

    // --- the steady load alone
    await steady(base, 2); // warms the response cache and the connections
    await health(base);
    let stop = sampleRss(service.pid);
    const unloaded = await steady(base, SECONDS);
    const loop = await health(base);
    results.push({ name: 'none (steady load alone)', steady: unloaded, peakRss: stop(), alive: service.alive(), attack: null, loopMax: loop.loopMax });
    console.log('unloaded', JSON.stringify(unloaded));

    // --- the attacks, one after the other
    const adminAfter = [];
    const attacks = [
      {
        name: `(1) ${ATTACKERS} template downloads`,
        allowed: [],
        start: (key) => hammer(base, ATTACKERS, () => `/api/v1/imports/template.xlsx?municipality=${TEMPLATE_UBIGEO}&year=${YEAR}`, key),
      },
      {
        // the same downloads, each under an Accept-Language of its own: before stop 34 each was a build of its own; now all
        // come down to Spanish, so they are one answer (what the service keeps depends on the language it answers in)
        name: `(1b) ${ATTACKERS} template downloads, each its own`,
        allowed: [],
        start: (key) =>
          hammer(
            base,
            ATTACKERS,
            () => `/api/v1/imports/template.xlsx?municipality=${TEMPLATE_UBIGEO}&year=${YEAR}`,
            (n) => ({
              ...key,
              'accept-language': `es-PE;q=0.${String(n).padStart(6, '0')}`,
            }),
          ),
      },
      { name: `(2) ${ATTACKERS} slow reads`, allowed: [], start: (key) => hammer(base, ATTACKERS, (n) => slowPath(n + 4), key) },
      { name: '(3) random-key sweep', allowed: ['401'], start: () => sweep(base, SECONDS + 1) },
    ];
    // BENCH_ATTACKS=1b,2 runs only those (the loading and the steady load alone as always)
    const only = process.env.BENCH_ATTACKS?.split(',').map((id) => `(${id.trim()})`);
    for (const a of attacks.filter((a) => !only || only.some((id) => a.name.startsWith(id)))) {
      if (!service.alive()) {
        console.log(`the service is dead; starting it again for ${a.name}`);
        service = await startService(db.url, port, LIMITS);
        await steady(base, 2);
      }
      const oomsBefore = service.ooms;
      await health(base);
      stop = sampleRss(service.pid);
      // with --limits a key of its own, with a whole minute's allowance
      const stopAttack = a.start(LIMITS ? await keyFor(`bench attacker ${a.name}`) : attacker);
      await sleep(1000);
      const during = await steady(base, SECONDS);
      const attack = await stopAttack();
      const alive = service.alive();
      const after = alive ? await health(base) : { status: 0, loopMax: null };
      const oom = service.ooms > oomsBefore;
      if (!alive) deaths.push({ attack: a.name, exit: service.exitCode ?? service.signalCode, tail: service.log().split('\n').slice(-12).join('\n') });
      results.push({ name: a.name, steady: during, peakRss: stop(), alive, health: after.status, loopMax: after.loopMax, attack, allowed: a.allowed, oom });
      console.log(a.name, JSON.stringify(attack.codes), 'steady', JSON.stringify(during), alive ? 'alive' : 'DEAD');
      if (a.name.includes('sweep') && alive) {
        // the admin key from the same address right after the sweep, then once its Retry-After has passed
        for (let i = 0; i < 3; i++) adminAfter.push({ when: 'right after the sweep', ...(await timed(`${base}/api/v1/keys`, admin)) });
        const wait = Math.min(61, Number(adminAfter.at(-1).retryAfter ?? 0));
        if (wait > 0) {
          await sleep(wait * 1000 + 500);
          adminAfter.push({ when: `after waiting ${wait} s (its Retry-After)`, ...(await timed(`${base}/api/v1/keys`, admin)) });
        }
      }
    }
    report(info, results, deaths, adminAfter);
  } finally {
    service.kill('SIGTERM');
    if (service.alive()) await once(service, 'exit').catch(() => undefined);
    await db.stop();
  }
}

const histogram = (codes) =>
  Object.entries(codes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, n]) => `${c} ×${n.toLocaleString('en')}`)
    .join(', ') || '-';
/** Statuses an attacker may get: success, not modified, a refusal of its input, slow down, busy (and, for unknown keys, 401). */
const allowedStatus = (label, extra) => /^(2\d\d|304|400|429|503)\b/.test(label) || extra.some((s) => label.startsWith(s));

function report(info, results, deaths, adminAfter) {
  const unloaded = results[0].steady;
  const attacks = results.slice(1);
  const steadyBad = (s) => s.errors + s.timeouts + s.non2xx;
  const ratio = (s) => s.p99 / Math.max(unloaded.p99, 1);
  const rows = results.map((r) => {
    const a = r.attack;
    const rate = a ? `${Math.round(a.requests / a.seconds).toLocaleString('en')}/s` : '-';
    const bad = a
      ? Object.entries(a.codes)
          .filter(([c]) => !allowedStatus(c, r.allowed))
          .reduce((t, [, n]) => t + n, 0)
      : 0;
    return `| ${r.name} | ${a ? histogram(a.codes) : '-'}${a?.unfinished ? ` (${a.unfinished} cut at the end)` : ''} | ${rate} | ${bad} | ${r.steady.p50} / ${r.steady.p99} / ${r.steady.max} | ${Math.round(r.steady.rps).toLocaleString('en')} | ${r === results[0] ? '1.0' : ratio(r.steady).toFixed(1)}× | ${steadyBad(r.steady) ? histogram({ ...r.steady.codes, errors: r.steady.errors, timeouts: r.steady.timeouts }) : 0} | ${r.loopMax === null || r.loopMax === undefined ? '-' : Math.round(r.loopMax)} | ${r.peakRss.toFixed(0)} | ${r.alive ? `yes${r.health && r.health !== 200 ? ` (health ${r.health})` : ''}` : '**no**'} |`;
  });
  const badAttackers = attacks.filter((r) => Object.keys(r.attack.codes).some((c) => !allowedStatus(c, r.allowed)));
  const slowSteady = attacks.filter((r) => ratio(r.steady) > 3 || steadyBad(r.steady) > 0);
  const goals = [
    ['the process never dies', attacks.every((r) => r.alive), deaths.map((d) => `died during ${d.attack} (${d.exit})`).join('; ')],
    [
      'memory stays under its heap limit (no V8 heap-limit failure)',
      attacks.every((r) => !r.oom),
      `peak RSS ${Math.max(...results.map((r) => r.peakRss)).toFixed(0)} MB${
        attacks.some((r) => r.oom)
          ? `; heap out of memory during ${attacks
              .filter((r) => r.oom)
              .map((r) => r.name)
              .join(', ')}`
          : ''
      }`,
    ],
    [
      'steady p99 within 3× of unloaded, no steady request failed',
      slowSteady.length === 0,
      slowSteady.map((r) => `${r.name}: ${ratio(r.steady).toFixed(1)}×${steadyBad(r.steady) ? `, ${steadyBad(r.steady)} failed` : ''}`).join('; '),
    ],
    [
      'attackers get only 2xx, 304, 400, 429, 503 (401 for unknown keys), never 500 or a dropped connection',
      badAttackers.length === 0,
      badAttackers.map((r) => r.name).join(', '),
    ],
  ];
  const template = attacks[0]?.attack;
  const machine = `${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const out = [
    '',
    `## bench:attack`,
    '',
    `${new Date().toISOString().slice(0, 10)}, ${machine}; one service, 256 MB old generation (npm run start:prod), ${ATTACKERS} attackers, ${SECONDS} s per attack;`,
    `steady load: autocannon, 4 connections, anonymous ${STEADY_PATHS.map((p) => `\`${p}\``).join(' and ')}.`,
    'The load generators (this script, the steady load\'s process) share the 2 cores with the service and PostgreSQL. "not allowed": attacker answers outside 2xx, 304, 400, 429, 503 (and 401 for the sweep\'s unknown keys), connection errors included.',
    '',
    ...info.map((l) => `- ${l}`),
    template?.biggest
      ? `- template of ${TEMPLATE_UBIGEO} ${YEAR}: ${(template.biggest / 1e6).toFixed(1)} MB`
      : `- template of ${TEMPLATE_UBIGEO} ${YEAR}: no download finished`,
    '',
    '| attack | attackers: statuses | attackers req/s | not allowed | steady p50 / p99 / max ms | steady req/s | p99 / unloaded | steady failures | event-loop max ms | peak RSS MB | alive at end |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(adminAfter.length
      ? [
          'The admin key from the same address after the sweep:',
          ...adminAfter.map((a) => `- ${a.when}: ${a.status}${a.code ? ` ${a.code}` : ''}${a.retryAfter ? ` (Retry-After ${a.retryAfter} s)` : ''}`),
          '',
        ]
      : []),
    ...goals.map(([goal, ok, why]) => `${ok ? 'PASS' : 'FAIL'}  ${goal}${why ? ` — ${why}` : ''}`),
    ...deaths.flatMap((d) => ['', `The service's last output before it died during ${d.attack}:`, '```', d.tail, '```']),
    '',
  ];
  console.log(out.join('\n'));
}

if (process.argv[2] === '--steady') {
  steadyChild(process.argv[3], Number(process.argv[4])).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
