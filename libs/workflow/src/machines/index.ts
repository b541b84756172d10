export * from './appraisal-task.machine';
export * from './campaign.machine';
export * from './effects';
export * from './errors';
export * from './registry';
export * from './score-sheet.machine';
export {
  persistSnapshot,
  restoreSnapshot,
  stateValueToString,
  type JsonValue,
  type PersistedSnapshot,
} from './snapshot';
