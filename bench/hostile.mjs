#!/usr/bin/env node
// npm run bench:hostile
// Sends every case of the hostile corpus (test/support/hostile-corpus.ts, the one the e2e test sends)
// to the real service, run as `npm run start:prod` runs it (256 MB old generation), on its own embedded
// PostgreSQL (or DATABASE_URL), with a planner's key, as real imports (not dry runs), one at a time,
// and measures for each:
//   - the answer: status and code, and whether they are the ones the corpus expects;
//   - the service's peak RSS while the case ran: VmHWM of /proc/<pid>/status, reset before each case
//     (`5` written to /proc/<pid>/clear_refs);
//   - the longest event-loop delay: GET /api/v1/health every 100 ms during the case and once after it
//     (the service's own histogram, reset by each call), and the slowest of those /health answers;
//   - the rows every import table gained (refused files must add none).
// A case that kills the service is reported as such and the service started again for the next one.
// BENCH_SERVICE=<path of main.js> runs another build (e.g. an older commit's) against the same corpus.
// Results go to TESTING.md.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../dist/src/database/embedded-postgres.js';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const DIR = resolve('.data/bench-hostile');
const SERVICE = resolve(process.env.BENCH_SERVICE ?? 'dist/src/main.js');
const POLL_MS = 100;

/** The corpus is TypeScript shared with the tests: compiled on its own (it imports nothing of src/). */
function compileCorpus() {
  const out = join(DIR, 'corpus');
  execFileSync(
    process.execPath,
    [
      'node_modules/typescript/bin/tsc',
      '--ignoreConfig',
      '--outDir',
      out,
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2023',
      '--skipLibCheck',
      '--types',
      'node',
      'test/support/hostile-corpus.ts',
    ],
    { stdio: 'inherit' },
  );
  return import(pathToFileURL(join(out, 'hostile-corpus.js')).href);
}

const status = (pid) => readFileSync(`/proc/${pid}/status`, 'utf8');
const kb = (text, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)[1]);

/** The service as `npm run start:prod` starts it. */
async function startService(databaseUrl, port) {
  const flags = JSON.parse(readFileSync('package.json', 'utf8')).scripts['start:prod'].split(' ').slice(1, -1);
  const child = spawn(process.execPath, [...flags, SERVICE], {
    env: {
      ...process.env,
      ADMIN_API_KEY: ADMIN_KEY,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      SEED_DEMO_DATA: 'false',
      RATE_LIMIT_PER_MINUTE: '1000000',
      DATA_DIR: join(DIR, 'service'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  child.log = () => log;
  for (let i = 0; i < 600 && !log.includes('Listening') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
  if (!log.includes('Listening')) throw new Error(`the service did not start:\n${log}`);
  return child;
}

/** One case's request as the e2e test sends it: multipart with its fields and file, or its raw body. Made before it is timed. */
function request(key, c) {
  const headers = { 'x-api-key': key };
  if (c.raw) return { method: 'POST', headers: { ...headers, 'content-type': c.raw.contentType }, body: c.raw.body };
  const form = new FormData();
  for (const [field, value] of Object.entries(c.fields ?? {})) form.append(field, value);
  form.append('file', new Blob([c.file()]), c.fileName ?? 'book.xlsx');
  return { method: 'POST', headers, body: form };
}

/**
 * /health's view of the event loop: its histogram's max since the previous call, and how long it took
 * to answer. A connection of its own each time: a kept-alive one can be closed by the server's idle
 * timer as it wakes from a long block, with the request already on it (ECONNRESET).
 */
function health(base) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(`${base}/api/v1/health`, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        try {
          resolve({ loopMax: JSON.parse(body).eventLoopDelayMs.max, answerMs: performance.now() - started });
        } catch (err) {
          reject(err);
        }
      });
    }).on('error', reject);
  });
}

async function main() {
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  const { HOSTILE_CASES, IMPORT_TABLES, PLANNER_MUNICIPALITIES } = await compileCorpus();
  const db = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres(join(DIR, 'pg'), { log: () => {}, warn: console.warn }, 'bench');
  const port = 3000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  let service = await startService(db.url, port);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const rows = async () => {
    const {
      rows: [counts],
    } = await client.query(`SELECT ${IMPORT_TABLES.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')}`);
    return counts;
  };
  const results = [];
  try {
    const made = await fetch(`${base}/api/v1/keys`, {
      method: 'POST',
      headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench planner', role: 'planner', municipalities: PLANNER_MUNICIPALITIES }),
    }).then((r) => r.json());
    const key = made.key;
    for (const c of HOSTILE_CASES) {
      const upload = request(key, c);
      const before = await rows();
      await health(base); // resets the histogram
      writeFileSync(`/proc/${service.pid}/clear_refs`, '5'); // VmHWM := VmRSS
      const baseRss = kb(status(service.pid), 'VmRSS');
      let loopMax = 0;
      let slowest = 0;
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const h = await health(base).catch(() => null);
          if (h) {
            loopMax = Math.max(loopMax, h.loopMax);
            slowest = Math.max(slowest, h.answerMs);
          }
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      })();
      const started = performance.now();
      const answer = await fetch(`${base}/api/v1/imports`, upload).then(
        async (r) => ({ status: r.status, body: await r.json().catch(() => ({})) }),
        (err) => ({ status: 0, body: {}, err }),
      );
      const answerMs = performance.now() - started;
      polling = false;
      await poller;
      const alive = service.exitCode === null && service.signalCode === null && existsSync(`/proc/${service.pid}/status`);
      const peakRss = alive ? kb(status(service.pid), 'VmHWM') : NaN;
      if (alive) {
        const last = await health(base);
        loopMax = Math.max(loopMax, last.loopMax);
      }
      const after = await rows();
      const gained = Object.fromEntries(IMPORT_TABLES.map((t) => [t, after[t] - before[t]]).filter(([, n]) => n !== 0));
      const expected = answer.status === c.status && (answer.body.code ?? undefined) === c.code && (c.code || answer.body.inserted === c.inserted);
      const result = {
        name: c.name,
        status: answer.status,
        code: answer.body.code ?? '',
        alive,
        expected,
        peakRssMb: peakRss / 1024,
        baseRssMb: baseRss / 1024,
        loopMax,
        slowest,
        answerMs,
        gained,
        inserted: answer.body.inserted,
      };
      results.push(result);
      console.log(JSON.stringify(result));
      if (!alive) {
        console.log(service.log().split('\n').slice(-15).join('\n'));
        service = await startService(db.url, port);
      }
    }
  } finally {
    await client.end();
    service.kill('SIGTERM');
    await once(service, 'exit').catch(() => undefined);
    await db.stop();
  }
  writeResults(results);
}

/** Replaces TESTING.md's bench:hostile section with a table of the results. */
function writeResults(results) {
  const written = (r) => {
    const tables = Object.entries(r.gained);
    if (tables.length === 0) return 'nothing';
    return tables.map(([t, n]) => `${t} +${n}`).join(', ');
  };
  const row = (r) =>
    `| ${r.name} | ${!r.alive ? '**crashed**' : r.code ? 'refused' : 'survived'} | ${r.status || '-'} ${r.code} | ${r.alive ? r.peakRssMb.toFixed(0) : '-'} | ${r.loopMax.toFixed(0)} | ${Math.round(r.slowest)} | ${Math.round(r.answerMs)} | ${written(r)} |${r.expected ? '' : ' **not as the corpus expects**'}`;
  const machine = `${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const section = [
    '## bench:hostile',
    '',
    `${new Date().toISOString().slice(0, 10)}, ${machine}; service ${SERVICE === resolve('dist/src/main.js') ? 'of this tree' : SERVICE}, 256 MB old generation, a planner key, real imports. ` +
      `RSS before each case: ${Math.min(...results.filter((r) => r.alive).map((r) => r.baseRssMb)).toFixed(0)}-${Math.max(...results.filter((r) => r.alive).map((r) => r.baseRssMb)).toFixed(0)} MB.`,
    '',
    '| case | outcome | status, code | peak RSS MB | event-loop max ms | slowest /health ms | answer ms | import tables gained |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(row),
    '',
  ].join('\n');
  const path = 'TESTING.md';
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Testing\n';
  const re = /## bench:hostile\n[\s\S]*?(?=\n## |$)/;
  writeFileSync(path, re.test(text) ? text.replace(re, `${section.trimEnd()}\n`) : `${text.trimEnd()}\n\n${section}`);
  console.log(section);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
