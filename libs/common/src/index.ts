/**
 * @lib/common — what every process and lib shares and nothing else owns: the domain error (AppError, one code
 * and a message in Vietnamese and English, mapped to HTTP by the api's filter), the process logger, and the
 * preflight that checks MySQL and Redis before a process starts, and the accent-insensitive name matcher. No Nest
 * modules, no queues, no machines.
 */
export * from './errors';
export * from './logging';
export * from './preflight';
export * from './redis-preflight';
export * from './names';
export * from './heavy-libraries';
