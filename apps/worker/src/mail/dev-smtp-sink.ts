/**
 * Development SMTP sink: when no SMTP_URL is configured, `npm start` runs this on DEV_SMTP_PORT (2525) and points
 * the worker at it. It accepts every message on loopback, keeps nothing in memory and writes each one as an
 * .eml file to DEV_MAIL_DIR, where the api's dev mailbox (`GET /api/admin/dev-mailbox`) reads it — so a newcomer
 * sees exactly what would have been sent. Never exposed beyond 127.0.0.1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@config';
import { SMTPServer } from 'smtp-server';

export interface DevSmtpSink {
  port: number;
  dir: string;
  close(): Promise<void>;
}

export async function startDevSmtpSink(port: number, dir: string = loadConfig().mail.devMailDir): Promise<DevSmtpSink> {
  mkdirSync(dir, { recursive: true });
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    banner: 'par-index development mail sink',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const name = `${Date.now()}-${process.pid}-${++sequence}.eml`;
        try {
          const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
          writeFileSync(join(dir, name), Buffer.concat([Buffer.from(`X-Dev-Sink-To: ${to}\r\n`), ...chunks]));
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', (error: Error) => console.error(`dev SMTP sink: ${error.message}`));
  const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
  return { port: address.port, dir, close: () => new Promise<void>((r) => server.close(() => r())) };
}

if (require.main === module) {
  const config = loadConfig();
  startDevSmtpSink(config.mail.devSinkPort, config.mail.devMailDir)
    .then((sink) => console.log(`par-index dev SMTP sink on 127.0.0.1:${sink.port}, writing to ${sink.dir}`))
    .catch((error: Error) => {
      console.error(
        `The development SMTP sink could not start on port ${config.mail.devSinkPort}: ${error.message}. Set DEV_SMTP_PORT to a free port, or SMTP_URL to a real server.`,
      );
      process.exit(1);
    });
}
