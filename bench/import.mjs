#!/usr/bin/env node
// npm run bench:import [-- --rows 1000000]
// Generates an MEF open-data expense CSV (annual layout with MES_EJE, realistic codes for every
// municipality, ~50,000 projects), then in the same run measures
//   (a) the floor: psql \copy of that file into a bare typed table;
//   (b) the service: POST /api/v1/imports end to end (upload, parse, validate, COPY, merge, commit);
// and prints rows/s of each, their ratio and the service's peak RSS. Results go to BENCHMARKS.md.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { startEmbeddedPostgres } from '../dist/src/database/embedded-postgres.js';

const BENCH_KEY = 'bench-admin-key-0123456789abcdef';
const argRows = process.argv.indexOf('--rows');
const ROWS = argRows > 0 ? Number(process.argv[argRows + 1]) : 1_000_000;
// --months: every line in all twelve months, one row each (as MEF's monthly files have it): the import
// then adds up nearly every row with another, the fold's slow path
const MONTHS = process.argv.includes('--months');
const DIR = resolve('.data/bench');
const FILE = join(DIR, `gasto-${ROWS}${MONTHS ? '-months' : ''}.csv`);

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

/** mulberry32: a small deterministic generator, so every run measures the same file. */
let seed = 20251122;
const rand = (n) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % Math.max(n, 1);
};

async function generate() {
  if (existsSync(FILE)) return;
  const municipalities = readFileSync('data/reference/municipalities.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  const out = createWriteStream(FILE);
  const write = async (line) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`${HEADER.join(',')}\n`);
  let ubigeo, project, code, fn, fnName, fuente, fuenteName, rubro, rubroName, pim;
  for (let i = 0; i < ROWS; i++) {
    if (!MONTHS || i % 12 === 0) {
      ubigeo = municipalities[rand(municipalities.length)];
      project = rand(10) < 6; // 60 % of rows are projects
      code = project ? String(2_000_000 + rand(50_000)) : String(3_000_000 + rand(900));
      [fn, fnName] = FUNCTIONS[rand(FUNCTIONS.length)];
      [fuente, fuenteName, rubro, rubroName] = RUBROS[rand(RUBROS.length)];
      pim = rand(5_000_000);
    }
    const month = MONTHS ? 1 + (i % 12) : 1 + rand(12);
    const dev = rand(pim + 1) - (rand(50) === 0 ? pim : 0); // some reversals
    await write(
      `${[
        2024,
        month,
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
        `${rand(pim)}.${rand(100)}`,
        rand(pim),
        `${dev}.${rand(100)}`,
        rand(Math.max(dev, 0) + 1),
      ].join(',')}\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

async function main() {
  await mkdir(DIR, { recursive: true });
  console.log(`Generating ${ROWS.toLocaleString('en')} rows…`);
  await generate();
  const bytes = statSync(FILE).size;
  console.log(`${FILE}: ${(bytes / 1e6).toFixed(1)} MB`);

  await rm(join(DIR, 'pg'), { recursive: true, force: true });
  const db = await startEmbeddedPostgres(join(DIR, 'pg'), { log: () => {}, warn: console.warn }, 'bench');
  try {
    // (a) the floor
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`CREATE TABLE bare (${HEADER.map((h) => `${h.toLowerCase()} ${h.startsWith('MONTO_') ? 'numeric(18,2)' : 'text'}`).join(', ')})`);
    await client.end();
    const t0 = process.hrtime.bigint();
    execFileSync('psql', [db.url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bare FROM '${FILE}' WITH (FORMAT csv, HEADER true)`], { stdio: 'pipe' });
    const floorSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

    // (b) the service, end to end through HTTP
    const port = 3900 + rand(90);
    // the service runs as `npm run start:prod` runs it (with its Node flags); BENCH_NODE_FLAGS adds more (e.g. --cpu-prof)
    const startArgs = JSON.parse(readFileSync('package.json', 'utf8')).scripts['start:prod'].split(' ').slice(1);
    const service = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...startArgs], {
      env: {
        ...process.env,
        ADMIN_API_KEY: BENCH_KEY,
        DATABASE_URL: db.url,
        PORT: String(port),
        SEED_DEMO_DATA: 'false',
        MAX_UPLOAD_MB: '4096',
        DATA_DIR: join(DIR, 'service'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    service.stdout.on('data', (d) => (log += d));
    service.stderr.on('data', (d) => (log += d));
    for (let i = 0; i < 200 && !log.includes('Listening'); i++) await new Promise((r) => setTimeout(r, 100));
    if (!log.includes('Listening')) throw new Error(`service did not start:\n${log}`);
    const stealBefore = stealSeconds();
    const t1 = process.hrtime.bigint();
    // A file this size is imported in the background (202): poll until it has ended, as a client would.
    let result = JSON.parse(
      execFileSync(
        'curl',
        ['-sS', '-H', `X-API-Key: ${BENCH_KEY}`, '-F', 'snapshotDate=2024-12-31', '-F', `file=@${FILE}`, `http://127.0.0.1:${port}/api/v1/imports`],
        {
          maxBuffer: 1e8,
        },
      ).toString(),
    );
    const acceptedSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    while (result.status === 'running') {
      await new Promise((r) => setTimeout(r, 250));
      result = await fetch(`http://127.0.0.1:${port}/api/v1/imports/${result.id}`).then((r) => r.json());
    }
    const serviceSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${service.pid}/status`, 'utf8'))[1]) / 1024;
    // CPU seconds of the service process (user + system, all its threads): steadier than wall time on a shared machine
    const stat = readFileSync(`/proc/${service.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const serviceCpu = (Number(stat[11]) + Number(stat[12])) / 100;
    const steal = stealSince(stealBefore);
    service.kill('SIGINT');
    if (process.env.BENCH_NODE_FLAGS) writeFileSync(join(DIR, 'service.log'), log); // for the flags' output (e.g. --trace-gc)
    if (result.status !== 'completed') throw new Error(`import failed: ${JSON.stringify(result).slice(0, 2000)}`);

    const floorRate = ROWS / floorSeconds;
    const serviceRate = ROWS / serviceSeconds;
    const lines = [
      `rows: ${ROWS.toLocaleString('en')} (${(bytes / 1e6).toFixed(1)} MB), budget lines after folding: ${result.inserted.toLocaleString('en')}`,
      `psql \\copy (floor): ${floorSeconds.toFixed(1)} s, ${Math.round(floorRate).toLocaleString('en')} rows/s`,
      `service import:     ${serviceSeconds.toFixed(1)} s, ${Math.round(serviceRate).toLocaleString('en')} rows/s`,
      `ratio service / floor: ${(serviceRate / floorRate).toFixed(2)}× (target ≥ 0.5×)`,
      `service peak RSS: ${peakRssMb.toFixed(0)} MB (target < 300 MB)`,
      `  of which upload until 202 Accepted: ${acceptedSeconds.toFixed(1)} s`,
      `  service CPU (all threads, upload included): ${serviceCpu.toFixed(1)} s; CPU stolen from this VM meanwhile: ${steal.toFixed(1)} s`,
      ...(/read and staged in [^\x1b\n]*/.exec(log) ?? []).map((l) => `  service log: ${l}`),
    ];
    console.log(lines.join('\n'));
    const machine = `${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
    writeResult(MONTHS ? 'bench:import -- --months' : 'bench:import', `${new Date().toISOString().slice(0, 10)}, ${machine}`, lines);
  } finally {
    await db.stop();
  }
}

/** CPU time the hypervisor gave to others (all cores), from /proc/stat. */
function stealSeconds() {
  return Number(readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)[8]) / 100;
}
const stealSince = (before) => stealSeconds() - before;

/** Replaces this benchmark's section of BENCHMARKS.md, keeping the others. */
function writeResult(name, machine, lines) {
  const path = 'BENCHMARKS.md';
  const text = existsSync(path)
    ? readFileSync(path, 'utf8')
    : '# Benchmarks\n\nMeasured by the `npm run bench:*` scripts; each compares against a floor measured in the same run.\n';
  const section = `## ${name}\n\n${machine}\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`;
  const re = new RegExp(`## ${name}\\n[\\s\\S]*?(?=\\n## |$)`);
  writeFileSync(path, re.test(text) ? text.replace(re, `${section.trimEnd()}\n`) : `${text.trimEnd()}\n\n${section}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
