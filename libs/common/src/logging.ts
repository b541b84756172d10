import type { LoggerService } from '@nestjs/common';
import type { AppConfig } from '@config';
import pino, { type Logger } from 'pino';

/** The process logger: structured JSON in production, readable lines in development. */
export function createPinoLogger(config: AppConfig, name: string): Logger {
  return pino({
    name,
    level: config.log.level,
    base: { pid: process.pid, app: name },
    timestamp: pino.stdTimeFunctions.isoTime,
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
