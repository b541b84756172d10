/**
 * Three projects, one runner:
 * - unit: pure code (libs/criteria, libs/workflow machines, config) — *.spec.ts, no services.
 * - integration: real MariaDB + Redis — *.int-spec.ts; one database and one queue prefix per jest worker.
 * - e2e: api + worker + MariaDB + Redis (+ SMTP, Chromium) — test/e2e/*.e2e-spec.ts.
 */
const moduleNameMapper = {
  '^@lib/common$': '<rootDir>/libs/common/src/index.ts',
  '^@lib/criteria$': '<rootDir>/libs/criteria/src/index.ts',
  '^@lib/workflow$': '<rootDir>/libs/workflow/src/index.ts',
  '^@lib/database$': '<rootDir>/libs/database/src/index.ts',
  '^@lib/reminders$': '<rootDir>/libs/reminders/src/index.ts',
  '^@lib/pdf$': '<rootDir>/libs/pdf/src/index.ts',
  '^@lib/web-routes$': '<rootDir>/libs/web-routes/src/index.ts',
  '^@config$': '<rootDir>/config/index.ts',
};
/**
 * TypeScript through SWC (@swc/jest), with what tsconfig.json asks of the emit: legacy decorators with their
 * metadata (Nest's dependency injection reads the constructor parameter types), class fields with define semantics
 * (TypeScript's default for ES2022+ targets), CommonJS with ES-module interop. No type check here: `npm run
 * typecheck` does that. Why not ts-jest: on a machine that has never run the suite (a fresh CI clone), every file
 * is transpiled once per worker before it is cached; TypeScript's transpiler took about 12 of the 16 CPU-seconds of
 * a cold integration file, SWC about 2.
 */
const swcTypeScript = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2022',
      keepClassNames: true,
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
    swcrc: false,
  },
];
const transform = {
  '^.+\\.ts$': swcTypeScript,
  '^.+\\.m?js$': '<rootDir>/test/setup/esm-transformer.js',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Every file goes through the transforms; test/setup/esm-transformer.js only rewrites real ES modules
  // (NestJS 12, pkijs…) and passes CommonJS through untouched.
  transformIgnorePatterns: [],
  testTimeout: 60_000,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/apps/web/'],
};

module.exports = {
  testTimeout: 60_000,
  // Three workers on the 2-core machines this runs on (jest's default would be cores − 1 = 1): the e2e and
  // integration suites spend part of their time waiting — on real deadlines seconds away (reminders, idle
  // sessions), on child processes starting, on Chromium — and with two workers a core then sat idle (5–15 % of
  // the run); a third file fills those waits. Each worker has its own database and queue prefix
  // (test/setup/isolate-file.ts).
  maxWorkers: 3,
  // No forceExit: every suite closes what it opens (apps, workers, browsers, SMTP servers, Redis clients; test
  // logs go to stdout as JSON, so no pino-pretty thread outlives an app). A suite that leaves a handle keeps jest
  // from exiting — find it with `npx jest <file> --detectOpenHandles`.
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
      globalSetup: '<rootDir>/test/setup/global-setup.js',
      setupFilesAfterEnv: ['<rootDir>/test/setup/isolate-file.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      testEnvironment: '<rootDir>/test/setup/e2e-environment.js',
      globalSetup: '<rootDir>/test/setup/global-setup.js',
      setupFilesAfterEnv: ['<rootDir>/test/setup/isolate-file.ts'],
    },
  ],
};
