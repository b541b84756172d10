/**
 * @lib/reminders — reminder policy, the slot planner, the digest mails and the service that records and
 * enqueues them (worker), and reads them (the api's notifications). Built on @lib/workflow's queue and runner.
 */
export * from './digest-template';
export * from './policy';
export * from './reminder-planner';
export * from './reminder.service';
export * from './clarification-notice';
export * from './mail-status';
export * from './mail-transport';
export * from './invitation-mail';
