export * from './errors';
export * from './queue';
export * from './logging';
export * from './preflight';
export * from './machines';
export * from './runner';
export * from './gate';
export * from './reminders';
