/**
 * @lib/criteria — criteria sets (Bộ tiêu chí), exact scoring, ranking and classes, YAML/xlsx import and
 * export, and the campaign plan schema. Pure TypeScript: no Nest, TypeORM, BullMQ or I/O; callers read
 * files and pass text or bytes in.
 */
export * from './types';
export * from './points';
export * from './problems';
export * from './tree';
export * from './rules';
export * from './rule-schema';
export * from './rule-text';
export * from './validate';
export * from './edit';
export * from './catalog-yaml';
export * from './catalog-xlsx';
export * from './scoring';
export * from './suggestion';
export * from './ranking';
export * from './consolidation';
export * from './phases';
export * from './phase-order';
export * from './deadline';
export * from './campaign';
export * from './campaign-definition';
export * from './routing-suggestion';
export * from './print';
export * from './test-helpers';
