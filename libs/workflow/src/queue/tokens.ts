/** Redis connections: producers fail fast (HTTP answers 503), workers wait for Redis to come back. */
export const PRODUCER_REDIS = Symbol('PRODUCER_REDIS');
export const WORKER_REDIS = Symbol('WORKER_REDIS');

/** The queues this process consumes (QueueModule.forRoot({ consume })): the registry check covers their jobs only. */
export const CONSUMED_QUEUES = Symbol('par-index:consumed-queues');
