// Lint guards the architecture (research/aesthetics.md §6.3 habit 9): type-checked rules, zero warnings,
// and import boundaries — pure libs import no I/O frameworks, apps reach libs only through their index.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioFrameworks = [
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  'bullmq',
  'ioredis',
  'mysql2',
  'mysql2/*',
  'nodemailer',
  'express',
];
const deepLibImports = {
  group: ['@lib/*/*', '**/libs/*/src/**', '../../libs/**', '../../../libs/**'],
  message:
    'Import a lib through its index: @lib/common, @lib/criteria, @lib/database, @lib/workflow, @lib/reminders, @lib/pdf.',
};
/** Libs never reach into an app. */
const appImports = {
  group: ['**/apps/**', '../../apps/**', '../../../apps/**'],
  message: 'A lib never imports an app: move what both need into a lib.',
};
/**
 * Scripts, benches and tests reach an app only through its factory (apps/api/src/app.factory.ts,
 * apps/worker/src/worker.factory.ts), which exports what they may use; everything else in apps is private.
 * Remaining exceptions, removed by the authority helper (issue 15) when campaign setup, plan files and bootstrap
 * leave apps/api: campaigns/campaign-setup.service, campaigns/campaign-seed.service, campaigns/plan-files, bootstrap/bootstrap.
 */
const appInternals = {
  regex: String.raw`^(\.\./)+apps/(?!api/src/app\.factory$|worker/src/worker\.factory$|api/src/campaigns/campaign-setup\.service$|api/src/campaigns/campaign-seed\.service$|api/src/campaigns/plan-files$|api/src/bootstrap/bootstrap$)`,
  message:
    'Reach an app through its factory (app.factory.ts / worker.factory.ts), which exports what scripts and tests may use.',
};
/** The layers of libs: database ← common ← workflow ← reminders; criteria depends on nothing. */
const libLayers = {
  'libs/common/src/**/*.ts': ['@lib/workflow', '@lib/reminders', '@lib/criteria'],
  'libs/database/src/**/*.ts': ['@lib/common', '@lib/workflow', '@lib/reminders', '@lib/criteria'],
  'libs/workflow/src/**/*.ts': ['@lib/reminders'],
};

/**
 * Data access has a home (issue 14): hand-written SQL lives in query modules, one per aggregate
 * (`*.queries.ts`, each with its typed row mapping), in libs/database and in migrations. Everywhere else in
 * apps and libs, `rows`/`write`/`eachRow` may not be imported and no `.query(...)` may be called, so a service asks a
 * query module by name instead of carrying SQL strings.
 */
const sqlOutsideQueryModules = [
  {
    selector:
      'ImportDeclaration[source.value=/^@lib\\/(database|workflow)$/] > ImportSpecifier[imported.name=/^(rows|write|eachRow)$/]',
    message: 'SQL lives in query modules: move this read/write into a *.queries.ts file of its aggregate.',
  },
  {
    selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query']",
    message: 'SQL lives in query modules: move this statement into a *.queries.ts file of its aggregate.',
  },
];

/** Loaded on first use only (libs/common/src/heavy-libraries.ts). */
const heavyLibraries = ['exceljs', 'docx', 'pdfkit', 'mailparser', 'archiver'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'apps/web/dist/**',
      'coverage/**',
      'var/**',
      '**/*.js',
      '**/*.mjs',
      'bench/results.json',
      'bench/load-results.json',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-lone-blocks': 'error',
      'no-console': 'off',
      'no-restricted-imports': ['error', { patterns: [deepLibImports] }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through @config (loadConfig), never process.env.',
        },
      ],
    },
  },
  {
    // config/ is the one place that reads the environment.
    files: ['config/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Libs never import apps.
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepLibImports, appImports] }] },
  },
  ...Object.entries(libLayers).map(([glob, above]) => ({
    files: [glob],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepLibImports,
            appImports,
            {
              group: above,
              message: 'Lib layers: database ← common ← workflow ← reminders; a lib imports only below it.',
            },
          ],
        },
      ],
    },
  })),
  {
    // Apps never import each other; the web app imports no server code at all.
    files: ['apps/api/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepLibImports,
            {
              group: ['**/worker/src/**', '**/apps/worker/**', '**/web/src/**'],
              message: 'Apps never import each other.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/worker/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepLibImports,
            { group: ['**/api/src/**', '**/apps/api/**', '**/web/src/**'], message: 'Apps never import each other.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@lib/*',
                '!@lib/web-routes',
                '@config',
                '**/libs/**',
                '**/api/src/**',
                '**/worker/src/**',
                '**/config/**',
              ],
              message:
                'The web app talks to the api through the generated client; it imports no server code (only the shared route table @lib/web-routes).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepLibImports, appInternals] }] },
  },
  {
    // Pure libraries: no Nest, no TypeORM, no BullMQ, no I/O.
    files: [
      'libs/criteria/src/**/*.ts',
      'libs/workflow/src/machines/**/*.ts',
      'libs/workflow/src/gate/phase-window.ts',
      'libs/web-routes/src/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ioFrameworks, message: 'Pure code (criteria, machines) must not import I/O frameworks.' },
            appImports,
            {
              group: ['@lib/database', '@lib/workflow', '@config'],
              message: 'Pure code depends on nothing but itself (and @lib/criteria).',
            },
            deepLibImports,
          ],
        },
      ],
    },
  },
  {
    // The PDF library works on untrusted files in worker threads: no framework, no database, no app config —
    // the api hands it plain options.
    files: ['libs/pdf/src/**/*.ts'],
    ignores: ['libs/pdf/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ioFrameworks, message: '@lib/pdf must not import I/O frameworks: it runs inside worker threads.' },
            {
              group: ['@lib/common', '@lib/database', '@lib/workflow', '@lib/reminders', '@lib/criteria', '@config'],
              message: '@lib/pdf takes plain options; it depends on no other lib and not on config.',
            },
            appImports,
            deepLibImports,
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/src/**/*.ts', 'apps/worker/src/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.queries.ts', 'libs/database/src/**', '**/*.spec.ts'],
    rules: { 'no-restricted-syntax': ['error', ...sqlOutsideQueryModules] },
  },
  {
    // Heavy libraries load on first use (libs/common/src/heavy-libraries.ts): elsewhere in the server code they may
    // only be imported as types, so a value import cannot put them back into every process start.
    files: ['apps/api/src/**/*.ts', 'apps/worker/src/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: heavyLibraries.map((name) => ({
            name,
            allowTypeImports: true,
            message: `Load ${name} on first use with its loader in @lib/common (heavy-libraries.ts); import only its types here.`,
          })),
        },
      ],
    },
  },
  {
    // Files cut by verb (issue 14): no source file of an app or a lib over 400 lines (blank lines and comments not
    // counted). Generated files, migrations and tests are exempt.
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'libs/**/*.ts'],
    ignores: ['apps/web/src/api/schema.d.ts', '**/migrations/**', '**/*.spec.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
