/** Redis connections: producers fail fast (HTTP answers 503), workers wait for Redis to come back. */
export const PRODUCER_REDIS = Symbol('PRODUCER_REDIS');
export const WORKER_REDIS = Symbol('WORKER_REDIS');
