export * from './queue';
export * from './machines';
export * from './runner';
export * from './gate';
