#!/usr/bin/env node
// `npm start`'s supervisor: runs the service (as `npm run start:prod` does) and starts it again when it dies
// (out of memory, a crash), so a first-run machine keeps serving without systemd or docker. The service
// itself stops an embedded PostgreSQL left running by the process that died. SIGINT/SIGTERM go to the
// service and end the supervisor with it. A service that fails within its first 10 s five times in a row
// (a bad setting, a port in use) is not started again: the supervisor exits with its code.
import { spawn } from 'node:child_process';

const ARGS = ['--max-semi-space-size=32', '--max-old-space-size=256', 'dist/src/main.js'];
const QUICK_MS = 10_000;
const MAX_QUICK_FAILURES = 5;

let child;
let stopping = false;
let quickFailures = 0;
let delay = 1_000;

function start() {
  const started = Date.now();
  child = spawn(process.execPath, ARGS, { stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (stopping) process.exit(code ?? 0);
    const ranMs = Date.now() - started;
    quickFailures = ranMs < QUICK_MS ? quickFailures + 1 : 0;
    if (quickFailures >= MAX_QUICK_FAILURES) {
      console.error(`[supervisor] the service failed ${quickFailures} times within ${QUICK_MS / 1000} s of starting; not starting it again`);
      process.exit(code || 1);
    }
    if (ranMs >= 60_000) delay = 1_000;
    console.error(
      `[supervisor] the service stopped (${signal ?? `exit code ${code}`}) after ${Math.round(ranMs / 1000)} s; starting it again in ${delay / 1000} s`,
    );
    setTimeout(start, delay);
    delay = Math.min(delay * 2, 30_000);
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    const running = child && child.exitCode === null && child.signalCode === null;
    if (!running) process.exit(0);
    // a second signal, or a service still running 60 s after the first, is killed
    if (stopping) return void child.kill('SIGKILL');
    stopping = true;
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), 60_000).unref();
  });
}

start();
