import type { LoggerService } from '@nestjs/common';
import type { AppConfig } from '@config';
import pino, { type DestinationStream, type Logger } from 'pino';

/** What replaces a secret in a log line. */
export const REDACTED = '[redacted]';

/**
 * Secrets that never reach a log line (issue 12 item 3): a session cookie or CSRF token copied from the log signs
 * in. Headers as pino-http serialises them (lower case), password fields wherever a body or an error's details
 * carry them, and the login/CSRF answers (`csrfToken`, `token`). Paths are pino's redact syntax: `*` is one level.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'headers["x-csrf-token"]',
  'headers["set-cookie"]',
  'password',
  'currentPassword',
  'newPassword',
  'csrfToken',
  'token',
  'generatedPassword',
  '*.generatedPassword',
  '*.*.generatedPassword',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.csrfToken',
  '*.token',
  '*.*.password',
  '*.*.currentPassword',
  '*.*.newPassword',
  '*.*.csrfToken',
  '*.*.token',
];

/**
 * The process logger: structured JSON in production, readable lines in development. `destination` replaces
 * stdout (tests read the lines the api writes); with it the format is always JSON.
 */
export function createPinoLogger(config: AppConfig, name: string, destination?: DestinationStream): Logger {
  const options = {
    name,
    level: config.log.level,
    base: { pid: process.pid, app: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: LOG_REDACT_PATHS, censor: REDACTED },
  };
  if (destination) {
    return pino(options, destination);
  }
  return pino({
    ...options,
    transport:
      config.log.format === 'pretty'
        ? {
            target: 'pino-pretty',
            options: {
              colorize: true,
              translateTime: 'SYS:HH:MM:ss.l',
              ignore: 'pid,hostname,app,context',
              messageFormat: '{if context}[{context}] {end}{msg}',
            },
          }
        : undefined,
  });
}

const NEST_CHATTER = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's logger interface on top of pino, so framework and app logs share one format. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    // Nest's own start-up chatter (one line per module and route) is debug detail, not news.
    if (context && NEST_CHATTER.has(context)) {
      this.logger.debug({ context }, String(message));
      return;
    }
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
