/**
 * reminders: build and hand to SMTP the daily digests of 10,000 recipients — the real path: the slot's
 * planning SQL, rendering (text, HTML, .ics), the reminders/mail_messages/notifications rows in one
 * transaction, one BullMQ `mail.sendBatch` job per 50 digests, claims of 10 rows per UPDATE, nodemailer (pooled)
 * and the `sent` UPDATEs group-committed. Baseline: nodemailer alone sending the same prebuilt messages to the same in-process SMTP
 * server with the same pool and concurrency. The ratio is what exactly-once bookkeeping costs over bare SMTP.
 */
import { loadConfig, processEnv } from '@config';
import { createRedis, JobQueue, WorkflowRunner } from '@lib/workflow';
import { rows, write } from '@lib/database';
import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { MailSender } from '../apps/worker/src/worker.factory';
import { ReminderService } from '@lib/reminders';
import { row, type Benchmark } from './harness';
import { benchDatabase } from './support';

const RECIPIENTS = 10_000;
const CONCURRENCY = 50;

async function smtpServer(): Promise<{ port: number; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        n++;
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
  return { port, count: () => n, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const bench: Benchmark = {
  name: 'reminders',
  async run() {
    const smtp = await smtpServer();
    const { config: base, ds } = await benchDatabase('par_index_bench_reminders');
    const config = loadConfig({
      ...processEnv(),
      DATABASE_URL: base.database.url,
      QUEUE_PREFIX: 'parbenchrem',
      LOG_LEVEL: 'silent',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_SEND_LEASE_MS: '60000',
    });
    // Fixture: one campaign, 10,000 units (each its own organisation, one officer with an e-mail, one draft
    // sheet whose self-assessment deadline is 2 days away → one `before-3d` digest per officer today).
    const auth = await write(
      ds.manager,
      "INSERT INTO authorities (code, name, timezone) VALUES ('bench', 'UBND bench', 'Asia/Ho_Chi_Minh')",
    );
    const cols = WorkflowRunner.newInstanceColumns('campaign');
    const campaign = await write(
      ds.manager,
      `INSERT INTO campaigns (authority_id, code, name, year, timezone, plan_code, plan, machine_id, machine_version, state, snapshot, version)
       VALUES (?, 'bench', 'Chỉ số CCHC 2025 (bench)', 2025, 'Asia/Ho_Chi_Minh', 'bench', '{}', ?, ?, 'selfAssessment', '{}', 1)`,
      [auth.insertId, cols.machine_id, cols.machine_version],
    );
    const campaignId = campaign.insertId;
    await write(
      ds.manager,
      `INSERT INTO reminder_policies (campaign_id, enabled, offsets_seconds, send_time, period_seconds, working_days_only, holidays, escalate_after_seconds)
       VALUES (?, 1, '[604800,259200,86400]', '00:00', 86400, 0, '[]', NULL)`,
      [campaignId],
    );
    const due = new Date(Date.now() + 2 * 86_400_000);
    const sheetCols = WorkflowRunner.newInstanceColumns('scoreSheet');
    for (let start = 0; start < RECIPIENTS; start += 1000) {
      const n = Math.min(1000, RECIPIENTS - start);
      const idx = Array.from({ length: n }, (_, i) => start + i);
      const orgs = await write(
        ds.manager,
        `INSERT INTO organisations (authority_id, code, name, kind) VALUES ${idx.map(() => "(?, ?, ?, 'commune')").join(', ')}`,
        idx.flatMap((i) => [auth.insertId, `xa-${i}`, `UBND xã ${i}`]),
      );
      const firstOrg = orgs.insertId;
      const units = await write(
        ds.manager,
        `INSERT INTO units (authority_id, organisation_id, code, name, unit_group, active) VALUES ${idx.map(() => "(?, ?, ?, ?, 'commune', 1)").join(', ')}`,
        idx.flatMap((i, k) => [auth.insertId, firstOrg + k, `xa-${i}`, `Xã ${i}`]),
      );
      await write(
        ds.manager,
        `INSERT INTO users (organisation_id, username, full_name, email, roles, active) VALUES ${idx.map(() => '(?, ?, ?, ?, \'["unit_officer"]\', 1)').join(', ')}`,
        idx.flatMap((i, k) => [firstOrg + k, `can-bo-${i}`, `Cán bộ ${i}`, `can-bo-${i}@xa.test`]),
      );
      const sheets = await write(
        ds.manager,
        `INSERT INTO score_sheets (campaign_id, unit_id, criteria_set_id, machine_id, machine_version, state, snapshot, version)
         VALUES ${idx.map(() => "(?, ?, 1, ?, ?, 'draft', '{}', 1)").join(', ')}`,
        idx.flatMap((_, k) => [campaignId, units.insertId + k, sheetCols.machine_id, sheetCols.machine_version]),
      );
      await write(
        ds.manager,
        `INSERT INTO deadlines (campaign_id, subject_type, subject_id, phase, due_at, generation, event, status)
         VALUES ${idx.map(() => "(?, 'scoreSheet', ?, 'selfAssessment', ?, 1, '{}', 'scheduled')").join(', ')}`,
        idx.flatMap((_, k) => [campaignId, sheets.insertId + k, due]),
      );
    }

    const producer = createRedis(config, 'worker');
    const jobs = JobQueue.fromConfig(config, producer);
    await jobs.queue('mail').obliterate({ force: true });
    const reminders = new ReminderService(ds, config, jobs);
    const sender = new MailSender(ds, config, jobs);
    const consumer = createRedis(config, 'worker');
    // The worker's mail handlers (MailProcessor): the slot's digests arrive as `mail.sendBatch` jobs.
    const worker = new Worker(
      'mail',
      async (job) =>
        job.name === 'mail.sendBatch'
          ? sender.sendBatch((job.data as { messageIds: number[] }).messageIds)
          : sender.send((job.data as { messageId: number }).messageId, job),
      {
        connection: consumer,
        prefix: config.redis.prefix,
        concurrency: CONCURRENCY,
      },
    );
    await worker.waitUntilReady();

    // The application: compute the slot (today, local midnight) and wait until every digest is sent.
    const t0 = performance.now();
    const outcome = await reminders.compute(
      campaignId,
      new Date(Math.floor((Date.now() + 7 * 3600_000) / 86_400_000) * 86_400_000 - 7 * 3600_000).toISOString(),
    );
    while (smtp.count() < outcome.digests) {
      await new Promise((r) => setTimeout(r, 20));
    }
    while (
      Number(
        (await rows<{ n: number }>(ds.manager, "SELECT COUNT(*) AS n FROM mail_messages WHERE status <> 'sent'"))[0].n,
      ) > 0
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const appSeconds = (performance.now() - t0) / 1000;
    await worker.close();
    sender.onApplicationShutdown();

    // Baseline: the same prebuilt messages, nodemailer straight to the same server, same pool and concurrency.
    const messages = await rows<{
      to_address: string;
      subject: string;
      text_body: string;
      html_body: string;
      ics: string;
      message_id: string;
    }>(ds.manager, 'SELECT to_address, subject, text_body, html_body, ics, message_id FROM mail_messages ORDER BY id');
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 5,
      maxMessages: 1000,
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
    });
    const before = smtp.count();
    const t1 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < messages.length) {
          const m = messages[next++];
          await transport.sendMail({
            from: config.mail.from,
            to: m.to_address,
            subject: m.subject,
            text: m.text_body,
            html: m.html_body,
            messageId: m.message_id,
            attachments: [
              { filename: 'han-chot.ics', content: m.ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' },
            ],
          });
        }
      }),
    );
    const baseSeconds = (performance.now() - t1) / 1000;
    transport.close();
    const sentBaseline = smtp.count() - before;

    await jobs.queue('mail').obliterate({ force: true });
    await jobs.close();
    producer.disconnect();
    consumer.disconnect();
    await smtp.close();
    await ds.destroy();
    return [
      row(
        `reminders: build + send ${outcome.digests.toLocaleString('en')} digests (claim, SMTP, commit) vs nodemailer alone`,
        outcome.digests / appSeconds,
        sentBaseline / baseSeconds,
        'msgs/s',
        true,
        `${CONCURRENCY} concurrent sends, pool of 5 SMTP connections, in-process smtp-server; app ${appSeconds.toFixed(1)} s incl. the slot's SQL and rendering`,
        0.5,
      ),
    ];
  },
};

export default bench;
