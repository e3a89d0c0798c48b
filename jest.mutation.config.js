/**
 * Jest for mutation runs (`npm run test:mutation`): only the unit specs that sit beside the mutated
 * modules, and no PostgreSQL (none of them needs it), so each mutant costs a second, not a database.
 */
import base from './jest.config.js';

const { globalSetup, globalTeardown, ...unit } = base;

export default {
  ...unit,
  roots: ['<rootDir>/src'],
  testMatch: [
    '<rootDir>/src/common/**/*.spec.ts',
    '<rootDir>/src/imports/parsing/**/*.spec.ts',
    '<rootDir>/src/imports/readers/**/*.spec.ts',
    '<rootDir>/src/analytics/formulas.spec.ts',
  ],
  testTimeout: 30000,
};
