#!/usr/bin/env node
// npm run bench:web
// The web app's first page (the map at /) as a browser gets it: the service of this tree on its own embedded
// PostgreSQL, seeded with the bundled data as a fresh start seeds it, and a headless Chromium (the npm package
// @sparticuz/chromium, driven by playwright-core) opening the page with nothing cached.
// Measured per run: the time from navigation to the first chart drawn with its data (the map's ECharts instance
// holding a series with values), the bytes that crossed the wire (encoded) and the JS+CSS the page loaded
// (decoded). Each run is a new page with the browser's cache cleared and disabled. Three ways, BENCH_RUNS (5) runs each, on loopback and on an emulated municipal line
// (BENCH_MBPS, 10 Mbit/s down, 40 ms round trip):
//   service              the page as served: scripts, ECharts and boundaries compressed (src/web/compressed-assets.ts);
//   service, identity    the same page with compression refused (Accept-Encoding: identity), as it was served before;
//   floor                raw node:http serving from memory one HTML page that loads ECharts and the departments'
//                        boundaries and draws them as a map with values inlined: no API call, no app code.
// Prints a Markdown table (medians); writes nothing else.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import chromium from '@sparticuz/chromium';
import { chromium as playwright } from 'playwright-core';
import { startEmbeddedPostgres } from '../dist/src/database/embedded-postgres.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MBPS = Number(process.env.BENCH_MBPS ?? 10);
const RTT_MS = 40;
const DIR = resolve('.data/bench-web');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function startService() {
  const db = await startEmbeddedPostgres(join(DIR, 'pg'), { log: () => {}, warn: console.warn }, `web_${Date.now()}`);
  const port = 3000 + Math.floor(Math.random() * 2000) + 2000;
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      SEED_DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      DATA_DIR: join(DIR, 'service'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) break;
    } catch {}
    if (i > 1200) throw new Error('the service did not start in 10 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await db.stop();
    },
  };
}

/** The floor: one page drawing the departments' map with ECharts, everything served from memory by node:http. */
async function startFloor() {
  const echarts = readFileSync('node_modules/echarts/dist/echarts.min.js');
  const geo = readFileSync('data/geo/peru_departamental_simple.geojson');
  const html = `<!doctype html><html lang="es"><meta charset="utf-8"><title>floor</title><div id="mapa" style="width:800px;height:700px"></div>
<script src="/echarts.min.js"></script><script>
fetch('/departamentos.geojson').then((r) => r.json()).then((g) => {
  g.features.forEach((f) => { f.properties.name = f.properties.FIRST_IDDP || f.properties.NOMBDEP; });
  echarts.registerMap('peru', g);
  const chart = echarts.init(document.getElementById('mapa'));
  chart.setOption({ visualMap: { min: 0, max: 100 }, series: [{ type: 'map', map: 'peru', data: g.features.map((f, i) => ({ name: f.properties.name, value: (i * 37) % 100 })) }] });
});
</script></html>`;
  const files = {
    '/': ['text/html; charset=utf-8', Buffer.from(html)],
    '/echarts.min.js': ['text/javascript', echarts],
    '/departamentos.geojson': ['application/geo+json', geo],
  };
  const server = createServer((req, res) => {
    const file = files[req.url];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0], 'Content-Length': file[1].length }).end(file[1]);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) };
}

const chartDrawn = () => {
  const box = document.getElementById('mapa');
  const chart = box && globalThis.echarts?.getInstanceByDom(box);
  const series = chart?.getOption()?.series ?? [];
  return series.some((s) => Array.isArray(s.data) && s.data.some((d) => d && d.value !== undefined && d.value !== null));
};

async function run(context, url, { identity, line }) {
  const page = await context.newPage();
  if (identity) await page.setExtraHTTPHeaders({ 'Accept-Encoding': 'identity' });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (line)
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: RTT_MS,
      downloadThroughput: (MBPS * 1e6) / 8,
      uploadThroughput: (MBPS * 1e6) / 16,
    });
  const responses = [];
  page.on('requestfinished', (request) => responses.push(request));
  const started = performance.now();
  await page.goto(url);
  await page.waitForFunction(chartDrawn, undefined, { timeout: 120_000, polling: 20 });
  const ms = performance.now() - started;
  let wire = 0;
  let code = 0;
  const encodings = new Set();
  for (const request of responses) {
    const sizes = await request.sizes();
    const response = await request.response();
    wire += sizes.responseBodySize + sizes.responseHeadersSize;
    const type = response?.headers()['content-type'] ?? '';
    if (/javascript|css/.test(type)) code += (await response.body()).length;
    encodings.add(response?.headers()['content-encoding'] ?? 'none');
  }
  await page.close();
  return { ms, wire, code, requests: responses.length, encodings: [...encodings].sort().join('+') };
}

const service = await startService();
const floor = await startFloor();
const browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
const rows = [];
// one context for every run (closing one ends a single-process Chromium); each run a new page, the cache cleared and disabled
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
await context.newPage();
try {
  for (const line of [false, true]) {
    for (const [name, url, identity] of [
      ['service', `${service.base}/`, false],
      ['service, identity', `${service.base}/`, true],
      ['floor', `${floor.base}/`, false],
    ]) {
      await run(context, url, { identity, line }); // warm the service's caches and compressed copies, not the browser's
      const results = [];
      for (let i = 0; i < RUNS; i++) results.push(await run(context, url, { identity, line }));
      console.error(`${name}, ${line ? 'line' : 'loopback'}: ${results.map((r) => Math.round(r.ms)).join(', ')} ms`);
      rows.push({
        name,
        line: line ? `${MBPS} Mbit/s, ${RTT_MS} ms` : 'loopback',
        ms: median(results.map((r) => r.ms)),
        wire: median(results.map((r) => r.wire)),
        code: median(results.map((r) => r.code)),
        requests: results[0].requests,
        encodings: results[0].encodings,
      });
    }
  }
} finally {
  await browser.close();
  await floor.stop();
  await service.stop();
}
const mb = (b) => (b / 1e6).toFixed(2);
console.log(
  `\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; medians of ${RUNS} cold runs\n`,
);
console.log('| page | line | time to first chart ms | transferred MB | JS+CSS loaded MB | requests | encodings |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.line} | ${Math.round(r.ms)} | ${mb(r.wire)} | ${mb(r.code)} | ${r.requests} | ${r.encodings} |`);
const ratio = (line) => rows.find((r) => r.name === 'service' && r.line === line).ms / rows.find((r) => r.name === 'floor' && r.line === line).ms;
console.log(
  `\nservice ÷ floor, time to first chart: loopback ${ratio('loopback').toFixed(2)}×, ${MBPS} Mbit/s ${ratio(`${MBPS} Mbit/s, ${RTT_MS} ms`).toFixed(2)}×`,
);
