#!/usr/bin/env node
// bench:load's "several instances behind a balancer" on one machine: N copies of the service (each with its
// own pool, memory and event loop, as N containers would be) behind Node's cluster primary, which accepts
// connections on the one port and hands them to the instances in turn (round robin). The primary only
// passes connections: requests go straight to an instance, with no proxy in their path.
// Usage: INSTANCES=2 node bench/cluster.mjs  (the service's environment as for dist/src/main.js)
import cluster from 'node:cluster';

const instances = Number(process.env.INSTANCES ?? 2);
cluster.schedulingPolicy = cluster.SCHED_RR;
cluster.setupPrimary({ exec: 'dist/src/main.js', execArgv: ['--max-semi-space-size=32', '--max-old-space-size=256'], silent: false });
for (let i = 0; i < instances; i++) cluster.fork({ ...process.env, SEED_DEMO_DATA: 'false' });
let stopping = false;
cluster.on('exit', (worker, code, signal) => {
  if (!stopping) console.error(`instance ${worker.id} stopped (${signal ?? code})`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 30_000).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  });
}
