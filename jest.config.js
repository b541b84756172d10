/**
 * Three projects, one runner:
 * - unit: pure code (libs/criteria, libs/workflow machines, config) — *.spec.ts, no services.
 * - integration: real MariaDB + Redis — *.int-spec.ts; one database and one queue prefix per jest worker.
 * - e2e: api + worker + MariaDB + Redis (+ SMTP, Chromium) — test/e2e/*.e2e-spec.ts.
 */
const moduleNameMapper = {
  '^@lib/criteria$': '<rootDir>/libs/criteria/src/index.ts',
  '^@lib/workflow$': '<rootDir>/libs/workflow/src/index.ts',
  '^@lib/database$': '<rootDir>/libs/database/src/index.ts',
  '^@config$': '<rootDir>/config/index.ts',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true, diagnostics: false }],
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60_000,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/apps/web/'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,apps,config,test,bench}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,apps,config,test}/**/*.int-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
    },
  ],
};
