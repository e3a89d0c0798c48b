/**
 * Jest for mutation runs (`npm run test:mutation`): only the unit specs that sit beside the mutated
 * modules, and no PostgreSQL (none of them needs it), so a mutant costs a second or two, not a database.
 * MUTATION_SPECS (paths, comma-separated) narrows the run to a module's own specs.
 */
import base from './jest.config.js';

const { globalSetup, globalTeardown, ...unit } = base;

const specs = process.env.MUTATION_SPECS?.split(',').map((path) => `<rootDir>/${path.trim()}`);

export default {
  ...unit,
  roots: ['<rootDir>/src'],
  testMatch: specs ?? [
    '<rootDir>/src/common/**/*.spec.ts',
    '<rootDir>/src/imports/parsing/**/*.spec.ts',
    '<rootDir>/src/imports/readers/**/*.spec.ts',
    '<rootDir>/src/analytics/formulas.spec.ts',
  ],
  testTimeout: 30000,
};
