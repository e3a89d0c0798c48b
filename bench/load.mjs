#!/usr/bin/env node
// npm run bench:load
// Starts the service on its own embedded PostgreSQL with the bundled real data and a generated year of
// budget lines for Cusco's municipalities, then measures with autocannon the main read endpoints:
//   (a) the floor: a bare Node HTTP server answering a fixed JSON of the same size, on this machine;
//   (b) each endpoint alone; (c) the same while a 300,000-row import runs in the background;
// with requests/s, p50/p99 latency and the service's event-loop delay (GET /api/v1/health).
// Results go to BENCHMARKS.md.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { startEmbeddedPostgres } from '../dist/src/database/embedded-postgres.js';

const KEY = 'bench-admin-key-0123456789abcdef';
const DIR = resolve('.data/bench-load');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ENDPOINTS = [
  '/api/v1/execution?year=2024&province=0808',
  '/api/v1/execution/ranking?year=2024&department=08',
  '/api/v1/analytics/dimensions?department=08&year=2024',
  '/api/v1/analytics/canon?province=0808&fromYear=2019&toYear=2024',
  '/api/v1/analytics/urban-rural?department=08&year=2024',
  '/api/v1/municipalities?department=08',
];

/** mulberry32: small, deterministic, full period in 32-bit integer arithmetic. */
let seed = 7;
const rand = (n) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % Math.max(n, 1);
};

/** A year of MEF budget lines (annual layout): `rows` rows over the given municipalities. */
async function generate(file, rows, ubigeos, year) {
  const out = createWriteStream(file);
  const write = async (line) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(
    'ANO_EJE,NIVEL_GOBIERNO,SEC_EJEC,DEPARTAMENTO_EJECUTORA,PROVINCIA_EJECUTORA,DISTRITO_EJECUTORA,TIPO_ACT_PROY,PRODUCTO_PROYECTO,PRODUCTO_PROYECTO_NOMBRE,FUNCION,FUNCION_NOMBRE,DIVISION_FUNCIONAL,DIVISION_FUNCIONAL_NOMBRE,GRUPO_FUNCIONAL,GRUPO_FUNCIONAL_NOMBRE,FUENTE_FINANCIAMIENTO,FUENTE_FINANCIAMIENTO_NOMBRE,RUBRO,RUBRO_NOMBRE,MONTO_PIA,MONTO_PIM,MONTO_CERTIFICADO,MONTO_COMPROMETIDO_ANUAL,MONTO_DEVENGADO,MONTO_GIRADO\n',
  );
  const seen = new Set();
  while (seen.size < rows) {
    const u = ubigeos[rand(ubigeos.length)];
    const project = 2_000_000 + rand(40_000);
    const fn = ['03', '15', '18', '20', '22', '10', '12', '21'][rand(8)];
    const rubro = ['18', '07', '00', '09'][rand(4)];
    const key = `${u}/${project}/${fn}/${rubro}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pim = rand(3_000_000);
    await write(
      `${year},M,${300000 + Number(u.slice(2))},${u.slice(0, 2)},${u.slice(2, 4)},${u.slice(4)},2,${project},"OBRA ${project} EN LA COMUNIDAD ${rand(500)}",${fn},F,0${fn},D,00${fn},G,5,RD,${rubro},R,${rand(pim)},${pim},0,0,${rand(pim + 1)},0\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

async function until(probe, seconds) {
  for (let i = 0; i < seconds * 5; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out');
}

const cannon = (url, keyed = true) =>
  autocannon({ url, connections: 10, duration: SECONDS, headers: keyed ? { 'x-api-key': KEY } : {} }).then((r) => ({
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
  }));

async function main() {
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  const municipalities = readFileSync('data/reference/municipalities.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const cusco = municipalities.filter((m) => m[3] === '08').map((m) => m[0]);
  const all = municipalities.map((m) => m[0]);
  await generate(join(DIR, 'cusco-2024.csv'), 30_000, cusco, 2024);
  await generate(join(DIR, 'national-2023.csv'), 300_000, all, 2023);

  const db = await startEmbeddedPostgres(join(DIR, 'pg'), { log: () => {}, warn: console.warn }, 'bench');
  const port = 3000 + rand(1000);
  const service = spawn(process.execPath, JSON.parse(readFileSync('package.json', 'utf8')).scripts['start:prod'].split(' ').slice(1), {
    env: {
      ...process.env,
      ADMIN_API_KEY: KEY,
      DATABASE_URL: db.url,
      PORT: String(port),
      SEED_DEMO_DATA: 'true',
      RATE_LIMIT_PER_MINUTE: '1000000',
      // one key at 10 connections measures the read path, not KEY_CONCURRENCY's turns
      KEY_CONCURRENCY: '1000',
      MAX_UPLOAD_MB: '2000',
      BACKGROUND_IMPORT_MB: '10',
      DATA_DIR: join(DIR, 'service'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    let exited = false;
    service.once('exit', () => (exited = true));
    for (let i = 0; i < 600; i++) {
      if (exited) throw new Error('the service stopped at start-up');
      const ok = await fetch(`${base}/api/v1/execution?year=2024&province=0808`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const upload = (file, extra = []) =>
      JSON.parse(
        execFileSync('curl', [
          '-sS',
          '-H',
          `X-API-Key: ${KEY}`,
          ...extra,
          '-F',
          'snapshotDate=2024-12-31',
          '-F',
          `file=@${file}`,
          `${base}/api/v1/imports`,
        ]).toString(),
      );
    const cuscoImport = upload(join(DIR, 'cusco-2024.csv'));
    console.log(`Loaded: the bundled data, and ${cuscoImport.rowsRead} budget lines for Cusco (import ${cuscoImport.id})`);

    // (a) the floor: the same bytes from a bare server
    const sample = await fetch(`${base}${ENDPOINTS[0]}`).then((r) => r.text());
    const bare = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(sample)).listen(0);
    await once(bare, 'listening');
    const floor = await cannon(`http://127.0.0.1:${bare.address().port}/`);
    bare.close();

    // (b) each endpoint alone, (c) while an import runs
    const results = [];
    for (const path of ENDPOINTS) {
      await fetch(`${base}/api/v1/health`); // resets the event-loop histogram
      const r = await cannon(`${base}${path}`);
      const health = await fetch(`${base}/api/v1/health`).then((x) => x.json());
      results.push({ path, ...r, loop: health.eventLoopDelayMs });
      console.log(path, r, health.eventLoopDelayMs);
    }
    // the audit report for a whole department, once
    const reportStarted = Date.now();
    const report = await fetch(`${base}/api/v1/reports/audit.xlsx?department=08&periods=2023,2024`).then((r) => r.arrayBuffer());
    const reportMs = Date.now() - reportStarted;
    console.log(`audit report, department 08: ${reportMs} ms, ${report.byteLength} bytes`);

    const background = upload(join(DIR, 'national-2023.csv'), ['-F', 'background=true']);
    const during = [];
    for (const path of ENDPOINTS.slice(0, 3)) {
      await fetch(`${base}/api/v1/health`);
      const r = await cannon(`${base}${path}`);
      const health = await fetch(`${base}/api/v1/health`).then((x) => x.json());
      const status = await fetch(`${base}/api/v1/imports/${background.id}`).then((x) => x.json());
      during.push({ path, ...r, loop: health.eventLoopDelayMs, importStatus: `${status.status}, ${status.progress?.percent ?? '?'} % read` });
      console.log('during import', path, r, health.eventLoopDelayMs, status.status);
    }

    // (d) the same reads from one instance and from two behind a balancer (bench/cluster.mjs), on the same database:
    // with the key (every read answered by PostgreSQL) and without (repeated anonymous reads answered from memory)
    await until(async () => (await fetch(`${base}/api/v1/imports/${background.id}`).then((x) => x.json())).status !== 'running', 600);
    const scaled = [];
    const measureAll = async (url) => {
      const out = [];
      for (const path of ENDPOINTS) {
        for (const keyed of [true, false]) out.push({ path, keyed, ...(await cannon(`${url}${path}`, keyed)) });
      }
      return out;
    };
    const one = await measureAll(base);
    service.kill('SIGTERM');
    await once(service, 'exit');
    const clusterPort = port + 1;
    const two = spawn(process.execPath, ['bench/cluster.mjs'], {
      env: {
        ...process.env,
        INSTANCES: '2',
        ADMIN_API_KEY: KEY,
        DATABASE_URL: db.url,
        PORT: String(clusterPort),
        RATE_LIMIT_PER_MINUTE: '1000000',
        // one key at 10 connections measures the read path, not KEY_CONCURRENCY's turns
        KEY_CONCURRENCY: '1000',
        DATA_DIR: join(DIR, 'service-2'),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      const url2 = `http://127.0.0.1:${clusterPort}`;
      await until(
        async () =>
          (await fetch(`${url2}/api/v1/municipalities?limit=1`).then(
            (r) => r.ok,
            () => false,
          ))
            ? true
            : undefined,
        120,
      );
      // both instances up: a few requests reach each (round robin) before measuring
      for (let i = 0; i < 20; i++) await fetch(`${url2}/api/v1/health`).catch(() => undefined);
      const both = await measureAll(url2);
      for (let i = 0; i < one.length; i++) scaled.push({ ...one[i], rps2: both[i].rps, p99two: both[i].p99 });
    } finally {
      two.kill('SIGTERM');
      await once(two, 'exit').catch(() => undefined);
    }
    const scaledRow = (r) =>
      `| \`${r.path}\` | ${r.keyed ? 'key' : 'anonymous'} | ${r.rps.toLocaleString('en')} | ${r.rps2.toLocaleString('en')} | ${(r.rps2 / Math.max(r.rps, 1)).toFixed(2)}× | ${r.p99} / ${r.p99two} |`;
    const row = (r) => `| \`${r.path}\` | ${r.rps.toLocaleString('en')} | ${r.p50} | ${r.p99} | ${r.loop.p50} / ${r.loop.p99} / ${r.loop.max} | ${r.errors} |`;
    const section = [
      '## bench:load',
      '',
      `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0].model.split(' ').slice(0, 2).join(' ')}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; autocannon, 10 connections, ${SECONDS} s each, with the bundled data and 30,000 budget lines for Cusco.`,
      '',
      `Floor: a bare Node HTTP server sending the same ${sample.length.toLocaleString('en')}-byte JSON: ${floor.rps.toLocaleString('en')} requests/s, p50 ${floor.p50} ms, p99 ${floor.p99} ms.`,
      '',
      '| endpoint | requests/s | p50 ms | p99 ms | event-loop delay p50 / p99 / max ms | errors |',
      '|---|---|---|---|---|---|',
      ...results.map(row),
      '',
      'While a 300,000-row national MEF file imports in the background:',
      '',
      '| endpoint | requests/s | p50 ms | p99 ms | event-loop delay p50 / p99 / max ms | errors |',
      '|---|---|---|---|---|---|',
      ...during.map(row),
      '',
      `Import at the end of those runs: ${during[during.length - 1].importStatus}.`,
      '',
      `The audit report for the whole department of Cusco (116 municipalities, periods 2023 and 2024, every analysis and the projects sheet): ${(reportMs / 1000).toFixed(1)} s, ${(report.byteLength / 1e6).toFixed(1)} MB.`,
      '',
      `One instance against two behind a balancer (bench/cluster.mjs: Node's cluster primary handing connections round robin to two copies of the service), same database, after the import above (target: two ≥ 1.7× one):`,
      '',
      '| endpoint | reads | one instance req/s | two instances req/s | ratio | p99 ms one / two |',
      '|---|---|---|---|---|---|',
      ...scaled.map(scaledRow),
      '',
    ].join('\n');
    let doc = readFileSync('BENCHMARKS.md', 'utf8');
    doc = /## bench:load\n[\s\S]*?(?=\n## |$)/.test(doc)
      ? doc.replace(/## bench:load\n[\s\S]*?(?=\n## |$)/, `${section.trimEnd()}\n`)
      : `${doc.trimEnd()}\n\n${section}`;
    writeFileSync('BENCHMARKS.md', doc);
    console.log(section);
  } finally {
    if (service.exitCode === null && service.signalCode === null) {
      service.kill('SIGTERM');
      await once(service, 'exit').catch(() => undefined);
    }
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
