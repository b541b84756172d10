/** Injection tokens for the process configuration and the one DataSource (shared by api and worker). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
