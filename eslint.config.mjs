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
  message: 'Import a lib through its index: @lib/criteria, @lib/workflow or @lib/database.',
};

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
    // Pure libraries: no Nest, no TypeORM, no BullMQ, no I/O.
    files: [
      'libs/criteria/src/**/*.ts',
      'libs/workflow/src/machines/**/*.ts',
      'libs/workflow/src/gate/phase-window.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ioFrameworks, message: 'Pure code (criteria, machines) must not import I/O frameworks.' },
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
