import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  messageId: string;
  to: string;
  subject: string;
  mail: ParsedMail;
}

/**
 * A real SMTP server in the test process. A message counts as delivered only when the server answered 250 on a
 * connection that was still open — what a real MTA would have accepted. `holdMs` delays the 250 (to kill a
 * sender mid-send); `onData` fires when a message body has arrived, before the answer.
 */
export class TestSmtpServer {
  readonly received: Received[] = [];
  holdMs = 0;
  onData: (() => void) | undefined;
  private server: SMTPServer | undefined;
  private readonly closed = new Set<string>();

  constructor(public port = 0) {}

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      onClose: (session) => this.closed.add(session.id),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.onData?.();
          const accept = async () => {
            if (this.closed.has(session.id)) {
              callback(new Error('client went away'));
              return;
            }
            const mail = await simpleParser(Buffer.concat(chunks));
            this.received.push({
              messageId: mail.messageId ?? '',
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              subject: mail.subject ?? '',
              mail,
            });
            callback();
          };
          setTimeout(() => void accept(), this.holdMs);
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Deliveries per Message-ID. */
  counts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.received) {
      m.set(r.messageId, (m.get(r.messageId) ?? 0) + 1);
    }
    return m;
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.to === address);
  }
}
