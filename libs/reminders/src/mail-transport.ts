import type { AppConfig } from '@config';
import nodemailer, { type Transporter } from 'nodemailer';

/**
 * The SMTP transport from config: SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`), or — when it is not
 * set — the local development sink on DEV_SMTP_PORT. The worker's sender uses pooled connections with every SMTP
 * timeout a quarter of the send lease, so it never still talks to the server after its claim has expired; the
 * api's status probe (MailStatusService) uses one short-lived connection and a short timeout.
 */
export function createMailTransport(
  config: AppConfig,
  options: { pool: boolean; timeoutMs?: number } = { pool: true },
): Transporter {
  const url = new URL(config.mail.smtpUrl ?? `smtp://127.0.0.1:${config.mail.devSinkPort}`);
  const timeout = options.timeoutMs ?? Math.max(1000, Math.floor(config.mail.sendLeaseMs / 4));
  const user = decodeURIComponent(url.username);
  return nodemailer.createTransport({
    ...(options.pool ? { pool: true, maxConnections: 5, maxMessages: 1000 } : {}),
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    requireTLS: url.searchParams.get('starttls') === 'required',
    ignoreTLS: url.searchParams.get('starttls') === 'off',
    auth: user ? { user, pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
  });
}
