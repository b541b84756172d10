export * from './digest-template';
export * from './policy';
export * from './reminder-planner';
export * from './reminder.service';
