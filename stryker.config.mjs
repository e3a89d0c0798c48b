/**
 * Mutation testing of the pure and parsing modules against their own unit specs (TESTING.md).
 * Jest runs native ESM, so the runner's node needs --experimental-vm-modules.
 */
export default {
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  mutate: [
    'src/common/**/*.ts',
    'src/imports/parsing/**/*.ts',
    'src/imports/readers/**/*.ts',
    'src/analytics/formulas.ts',
    '!src/**/*.spec.ts',
    // no logic to mutate: OpenAPI decorators and a type
    '!src/common/problem.dto.ts',
    '!src/common/sql.ts',
  ],
  concurrency: 1,
  // a second run re-tests only the mutants whose code or covering tests changed
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
