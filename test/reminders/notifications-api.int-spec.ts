import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DATA_SOURCE, rows } from '@lib/database';
import { JobQueue, WorkflowRunner } from '@lib/workflow';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { campaignSeed } from '../factories/campaign-seed';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { eventually } from '../support/engine';
import { queuesIdle } from '../support/jobs';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { TcpProxy } from '../support/tcp-proxy';
import { TestSmtpServer } from './smtp-test-server';

const DAY_MS = 86_400_000;

interface MailView {
  id: number;
  campaignId: number | null;
  recipientUserId: number | null;
  toAddress: string;
  subject: string;
  messageId: string;
  status: string;
  attempts: number;
  lastError: string | null;
}
interface NotificationView {
  id: number;
  kind: string;
  title: string;
  campaignId: number | null;
  readAt: string | null;
}
interface PreviewItem {
  userId: number;
  email: string | null;
  kind: string;
  subjectType: string;
  subjectId: number;
  dueAt: string;
  reason: string;
  link: string;
}
interface Preview {
  slotAt: string;
  localDay: string;
  recipients: number;
  reminders: PreviewItem[];
}

/**
 * An SMTP server that answers every recipient with a permanent 550 — the mail sender marks such a message
 * `failed` at once (no retries), which is how a message reaches the dead-letter view.
 */
async function startRefusingSmtp(port = 0): Promise<{ port: number; stop(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onRcptTo: (address, _session, callback) =>
      callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 })),
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const bound = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
  return { port: bound, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

const json = async <T>(res: Response, status = 200): Promise<T> => {
  const body = await res.text();
  expect([res.status, res.url]).toEqual([status, res.url]);
  return (body ? JSON.parse(body) : undefined) as T;
};

describe('notifications and reminder admin API', () => {
  let api: TestApi;
  let ds: DataSource;
  let worker: INestApplicationContext | undefined;
  let smtp: TestSmtpServer | undefined;
  const devMailDir = join(process.cwd(), 'var', `test-dev-mail-${process.pid}`);

  beforeAll(async () => {
    api = await startTestApi({ DEV_MAIL_DIR: devMailDir });
    ds = api.app.get<DataSource>(DATA_SOURCE);
  });
  beforeEach(() => truncateAll(ds));
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await smtp?.stop();
    smtp = undefined;
    // Ids restart after the truncate: forget the jobs (ids `rem-<campaign>-<slot>`, `mail-<id>-…`) of the last test.
    const jobs = api.app.get(JobQueue);
    await jobs.queue('reminders').obliterate({ force: true });
    await jobs.queue('mail').obliterate({ force: true });
  });
  afterAll(async () => {
    await rm(devMailDir, { recursive: true, force: true });
    await api.close();
  });

  /**
   * The Uông Bí campaign with its self-assessment due two days from now, a policy of daily reminders on every
   * day at 08:00 (so the latest slot, already past, owes everyone a `before-3d`), two unit officers of two
   * different units, the secretariat's admin, and an admin of another authority.
   */
  async function campaign() {
    const sheetDue = new Date(Date.now() + 2 * DAY_MS);
    const created = await campaignSeed(ds, api.app.get(WorkflowRunner)).seedFromPlan({
      planKey: 'uong-bi-2023',
      code: `notif-${Date.now()}`,
      selfAssessmentDueAt: sheetDue,
      actor: { userId: null, label: 'system:test' },
    });
    const [c] = await rows<{ authority_id: number }>(ds.manager, 'SELECT authority_id FROM campaigns WHERE id = ?', [
      created.id,
    ]);
    const units = await rows<{ organisation_id: number; sheet_id: number }>(
      ds.manager,
      'SELECT u.organisation_id, s.id AS sheet_id FROM score_sheets s JOIN units u ON u.id = s.unit_id WHERE s.campaign_id = ? ORDER BY s.id LIMIT 2',
      [created.id],
    );
    const officers = await Promise.all(
      units.map((u, i) =>
        createUser(ds, {
          organisationId: u.organisation_id,
          roles: ['unit_officer'],
          email: `can-bo-${i}@don-vi.test`,
        }),
      ),
    );
    const secretariat = await createOrganisation(ds, { authorityId: c.authority_id });
    const admin = await createUser(ds, { organisationId: secretariat.id, roles: ['admin'], email: 'noi-vu@ubnd.test' });
    const stranger = await createUser(ds, { roles: ['admin'] });
    const session = (u: { id: number }) => createSession(ds, api.config, api.url, u);
    return {
      campaignId: created.id,
      sheetDue,
      sheets: units.map((u) => Number(u.sheet_id)),
      officers,
      adminId: admin.id,
      admin: await session(admin),
      stranger: await session(stranger),
      strangerId: stranger.id,
      officerSessions: await Promise.all(officers.map(session)),
    };
  }

  const putPolicy = (admin: TestSession, campaignId: number, body: unknown) =>
    admin.fetch(`/api/admin/campaigns/${campaignId}/reminder-policy`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const everyDay = {
    enabled: true,
    offsetsSeconds: [86_400, 7 * 86_400, 3 * 86_400, 3 * 86_400],
    sendTime: '08:00',
    periodSeconds: 86_400,
    workingDaysOnly: false,
    holidays: ['2024-04-30'],
    escalateAfterSeconds: null,
  };

  it('should keep a policy per campaign, and preview who will be reminded at the next slot and why, writing nothing', async () => {
    const f = await campaign();
    const defaults = await json<{ offsetsSeconds: number[]; sendTime: string; workingDaysOnly: boolean }>(
      await f.admin.fetch(`/api/admin/campaigns/${f.campaignId}/reminder-policy`),
    );
    expect(defaults).toMatchObject({
      offsetsSeconds: [604_800, 259_200, 86_400],
      sendTime: '08:00',
      workingDaysOnly: true,
    });

    const bad = await putPolicy(f.admin, f.campaignId, { ...everyDay, sendTime: '8h' });
    expect(bad.status).toBe(400);
    // Out of range (issue 12 item 7: a huge escalation delay overflowed the column → 500).
    for (const outOfRange of [
      { ...everyDay, escalateAfterSeconds: 1e12 },
      { ...everyDay, escalateAfterSeconds: 2 ** 32 },
      { ...everyDay, offsetsSeconds: [1e15] },
    ]) {
      expect((await putPolicy(f.admin, f.campaignId, outOfRange)).status).toBe(400);
    }
    const saved = await json<typeof everyDay>(await putPolicy(f.admin, f.campaignId, everyDay));
    // Offsets are kept once each, largest first.
    expect(saved).toEqual({ ...everyDay, offsetsSeconds: [604_800, 259_200, 86_400] });
    expect(await json(await f.admin.fetch(`/api/admin/campaigns/${f.campaignId}/reminder-policy`))).toEqual(saved);

    const preview = await json<Preview>(await f.admin.fetch(`/api/admin/campaigns/${f.campaignId}/reminders/preview`));
    // The next 08:00 in Hà Nội (UTC+7), within a day: every day counts under this policy.
    const slot = new Date(preview.slotAt);
    expect(slot.getTime()).toBeGreaterThan(Date.now());
    expect(slot.getTime()).toBeLessThanOrEqual(Date.now() + DAY_MS);
    expect(slot.getUTCHours()).toBe(1);
    expect(preview.localDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Every unit officer of a draft sheet, and only them: a `before-3d` for the self-assessment deadline.
    const mine = preview.reminders.filter((r) => f.officers.some((o) => o.id === r.userId));
    expect(mine.map((r) => [r.userId, r.email, r.kind, r.subjectType, r.dueAt]).sort()).toEqual(
      f.officers.map((o) => [o.id, o.email, 'before-3d', 'scoreSheet', f.sheetDue.toISOString()]).sort(),
    );
    expect(preview.reminders.every((r) => r.subjectType === 'scoreSheet' && r.kind === 'before-3d')).toBe(true);
    expect(preview.recipients).toBe(new Set(preview.reminders.map((r) => r.userId)).size);
    for (const r of mine) {
      expect(r.reason).toMatch(/\S/);
      expect(r.reason).not.toBe(r.kind);
      expect(f.sheets).toContain(r.subjectId);
      expect(r.link).toMatch(/^https?:\/\//);
    }
    const [written] = await rows<{ n: number }>(
      ds.manager,
      'SELECT (SELECT COUNT(*) FROM reminders) + (SELECT COUNT(*) FROM mail_messages) + (SELECT COUNT(*) FROM notifications) AS n',
    );
    expect(Number(written.n)).toBe(0);
  });

  it('should show a failed mail as a dead letter, resend it once (counted at the SMTP server), and refuse to resend a mail that did not fail', async () => {
    const f = await campaign();
    await json(await putPolicy(f.admin, f.campaignId, everyDay));
    const refusing = await startRefusingSmtp();
    worker = await startTestWorker({ SMTP_URL: `smtp://127.0.0.1:${refusing.port}`, REMINDER_TICK_MS: '250' });
    // The worker builds the latest slot (one digest per officer) and the server refuses each for good.
    const deadLetters = () => f.admin.fetch('/api/admin/mail?status=failed').then((r) => json<MailView[]>(r));
    await eventually(async () => (await deadLetters()).length === f.officers.length, 30_000);
    await refusing.stop();
    smtp = new TestSmtpServer(refusing.port);
    await smtp.start();

    const failed = await deadLetters();
    expect(failed.map((m) => m.toAddress).sort()).toEqual(f.officers.map((o) => o.email).sort());
    for (const m of failed) {
      expect(m).toMatchObject({ status: 'failed', attempts: 1, campaignId: f.campaignId });
      expect(m.lastError).toMatch(/550/);
      expect(m.subject).toMatch(/^\[Chỉ số CCHC\] Nhắc việc: 1 việc sắp đến hạn/);
    }
    expect(await json<MailView[]>(await f.admin.fetch('/api/admin/mail?status=sent'))).toEqual([]);
    expect(await json<MailView[]>(await f.admin.fetch(`/api/admin/mail?campaignId=${f.campaignId}`))).toHaveLength(2);
    expect((await f.admin.fetch('/api/admin/mail?status=lost')).status).toBe(400);

    const [dead, other] = failed;
    const detail = await json<MailView & { textBody: string; htmlBody: string; ics: string | null }>(
      await f.admin.fetch(`/api/admin/mail/${dead.id}`),
    );
    expect(detail).toMatchObject({ id: dead.id, status: 'failed', messageId: dead.messageId });
    expect(detail.textBody).toContain('Biểu tự chấm điểm');
    expect(detail.ics).toContain('BEGIN:VEVENT');

    // The reminder log names each recipient and the state of the digest's mail.
    const log = await json<Array<{ recipientUserId: number; kind: string; mailMessageId: number; mailStatus: string }>>(
      await f.admin.fetch(`/api/admin/campaigns/${f.campaignId}/reminders`),
    );
    expect(log.map((r) => [r.recipientUserId, r.kind, r.mailStatus]).sort()).toEqual(
      f.officers.map((o) => [o.id, 'before-3d', 'failed']).sort(),
    );
    const one = await json<typeof log>(
      await f.admin.fetch(`/api/admin/campaigns/${f.campaignId}/reminders?recipientId=${f.officers[0].id}`),
    );
    expect(one.map((r) => r.recipientUserId)).toEqual([f.officers[0].id]);

    const resent = await json<MailView>(await f.admin.fetch(`/api/admin/mail/${dead.id}/resend`, { method: 'POST' }));
    expect(resent).toMatchObject({ id: dead.id, messageId: dead.messageId });
    expect(resent.status).toBe('pending');
    await eventually(
      async () =>
        (await rows<{ status: string }>(ds.manager, 'SELECT status FROM mail_messages WHERE id = ?', [dead.id]))[0]
          .status === 'sent',
      20_000,
    );
    // Resending what was delivered, or twice in a row, is refused; nothing more reaches the server.
    const again = await f.admin.fetch(`/api/admin/mail/${dead.id}/resend`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('MAIL_NOT_FAILED');
    // Whatever the refused resends might have enqueued has run by now.
    await queuesIdle(api.app.get(JobQueue), ['mail']);
    expect(smtp.counts().get(dead.messageId)).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ to: dead.toAddress, messageId: dead.messageId });
    expect(smtp.received[0].mail.attachments.map((a) => a.filename)).toEqual(['han-chot.ics']);

    const after = await json<MailView>(await f.admin.fetch(`/api/admin/mail/${dead.id}`));
    expect(after).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect((await deadLetters()).map((m) => m.id)).toEqual([other.id]);

    // Another authority's admin sees none of it.
    expect(await json<MailView[]>(await f.stranger.fetch('/api/admin/mail?status=failed'))).toEqual([]);
    expect((await f.stranger.fetch(`/api/admin/mail/${other.id}`)).status).toBe(404);
    expect((await f.stranger.fetch(`/api/admin/mail/${other.id}/resend`, { method: 'POST' })).status).toBe(404);
    const [still] = await rows<{ status: string }>(ds.manager, 'SELECT status FROM mail_messages WHERE id = ?', [
      other.id,
    ]);
    expect(still.status).toBe('failed');
    expect((await f.admin.fetch('/api/admin/mail/999999')).status).toBe(404);
  }, 60_000);

  /** The officers' digests of the latest slot, refused for good (550) by the server: `failed` at once. */
  async function failedSlot(f: Awaited<ReturnType<typeof campaign>>, workerEnv: Record<string, string> = {}) {
    await json(await putPolicy(f.admin, f.campaignId, everyDay));
    const refusing = await startRefusingSmtp();
    worker = await startTestWorker({
      SMTP_URL: `smtp://127.0.0.1:${refusing.port}`,
      REMINDER_TICK_MS: '250',
      ...workerEnv,
    });
    await eventually(async () => {
      const [n] = await rows<{ n: number }>(
        ds.manager,
        "SELECT COUNT(*) AS n FROM mail_messages WHERE status = 'failed'",
      );
      return Number(n.n) === f.officers.length;
    }, 30_000);
    await refusing.stop();
    smtp = new TestSmtpServer(refusing.port);
    return smtp;
  }

  const resendFailed = (admin: TestSession, campaignId: number, body: unknown = {}) =>
    admin.fetch(`/api/admin/campaigns/${campaignId}/mail/resend-failed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('should resend every failed mail of a slot, or of the campaign, at once — each delivered exactly once', async () => {
    const f = await campaign();
    const server = await failedSlot(f);
    await server.start();
    const failed = await json<Array<MailView & { runId: number | null; slotDay: string | null }>>(
      await f.admin.fetch(`/api/admin/mail?status=failed&campaignId=${f.campaignId}`),
    );
    expect(failed).toHaveLength(2);
    const runId = failed[0].runId!;
    expect(failed.every((m) => m.runId === runId && /^\d{4}-\d\d-\d\d$/.test(m.slotDay ?? ''))).toBe(true);

    // Another authority's admin, a slot that has none, and a bad body change nothing.
    expect((await resendFailed(f.stranger, f.campaignId)).status).toBe(404);
    expect(await json(await resendFailed(f.admin, f.campaignId, { runId: runId + 1000 }))).toEqual({ resent: 0 });
    expect((await resendFailed(f.admin, f.campaignId, { runId: 'all' })).status).toBe(400);
    await queuesIdle(api.app.get(JobQueue), ['mail']);
    expect(server.received).toHaveLength(0);

    expect(await json(await resendFailed(f.admin, f.campaignId, { runId }))).toEqual({ resent: 2 });
    await eventually(async () => {
      const list = await rows<{ status: string }>(ds.manager, 'SELECT status FROM mail_messages');
      return list.every((m) => m.status === 'sent');
    }, 20_000);
    // Nothing failed is left: resending the whole campaign now is a no-op, and each mail arrived exactly once.
    expect(await json(await resendFailed(f.admin, f.campaignId))).toEqual({ resent: 0 });
    await queuesIdle(api.app.get(JobQueue), ['mail']);
    expect([...server.counts().values()]).toEqual([1, 1]);
    expect(server.received.map((r) => r.messageId).sort()).toEqual(failed.map((m) => m.messageId).sort());
  }, 60_000);

  it('should answer success to a resend while Redis is down (the mail is pending), and send it when Redis is back', async () => {
    const f = await campaign();
    // The mail goes back to the tick at once (the tick's stuck-mail sweep waits a lease past a message's time).
    const server = await failedSlot(f, { MAIL_SEND_LEASE_MS: '1000' });
    await server.start();
    // Pause the worker's tick so only Redis coming back (not a lucky sweep) can send the mail.
    await worker!.close();
    worker = undefined;
    const proxy = new TcpProxy('127.0.0.1', 6379);
    await proxy.start();
    const cut = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    try {
      const admin = await createSession(ds, cut.config, cut.url, { id: f.adminId });
      const [one] = await json<MailView[]>(await admin.fetch('/api/admin/mail?status=failed'));
      await proxy.stop();
      // Redis is gone: the row is the effect, so both resends answer success and say the mail waits.
      const resent = await json<MailView>(await admin.fetch(`/api/admin/mail/${one.id}/resend`, { method: 'POST' }));
      expect(resent).toMatchObject({ id: one.id, status: 'pending' });
      expect(await json(await resendFailed(admin, f.campaignId))).toEqual({ resent: 1 });
      const status = await json<{ queue: unknown; messages: { pending: number; retrying: number; failed: number } }>(
        await admin.fetch('/api/admin/mail/status'),
      );
      expect(status.queue).toBeNull();
      expect(status.messages).toMatchObject({ retrying: 2, failed: 0 });
      expect(server.received).toHaveLength(0);
    } finally {
      await proxy.start(proxy.port); // a clean shutdown of the api talks to Redis
      await cut.close();
      await proxy.stop();
    }
    // Redis is back (the worker uses it directly): the reminder tick finds both pending mails and sends them once.
    worker = await startTestWorker({ SMTP_URL: server.url, REMINDER_TICK_MS: '250', MAIL_SEND_LEASE_MS: '1000' });
    await eventually(async () => {
      const list = await rows<{ status: string }>(ds.manager, 'SELECT status FROM mail_messages');
      return list.every((m) => m.status === 'sent');
    }, 30_000);
    await queuesIdle(api.app.get(JobQueue), ['mail']);
    expect([...server.counts().values()]).toEqual([1, 1]);
  }, 90_000);

  it('should show SMTP state and queue depth in the mail status and in /health/ready, which stays ready when SMTP is down', async () => {
    const f = await campaign();
    const down = await startRefusingSmtp();
    await down.stop(); // a port where nothing listens
    const a = await startTestApi({ SMTP_URL: `smtp://127.0.0.1:${down.port}` });
    try {
      const ready = await fetch(`${a.url}/health/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as {
        status: string;
        mail: { smtp: { state: string; error: string | null }; queue: { waiting: number } | null };
      };
      expect(body.status).toBe('ok');
      expect(body.mail.smtp).toMatchObject({ state: 'down', error: null });
      expect(body.mail.queue).toMatchObject({ waiting: 0, delayed: 0, active: 0, failed: 0 });
      const admin = await createSession(ds, a.config, a.url, { id: f.adminId });
      const status = await json<{ smtp: { state: string; error: string | null } }>(
        await admin.fetch('/api/admin/mail/status'),
      );
      expect(status.smtp.state).toBe('down');
      expect(status.smtp.error).toMatch(/ECONNREFUSED/);
    } finally {
      await a.close();
    }
    const up = new TestSmtpServer();
    await up.start();
    const b = await startTestApi({ SMTP_URL: up.url });
    try {
      const body = (await (await fetch(`${b.url}/health/ready`)).json()) as { mail: { smtp: { state: string } } };
      expect(body.mail.smtp.state).toBe('ok');
    } finally {
      await b.close();
      await up.stop();
    }
  });

  it('should answer 404 to another authority’s admin and 403 to a unit officer on every admin route', async () => {
    const f = await campaign();
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/api/admin/campaigns/${f.campaignId}/reminders`],
      ['GET', `/api/admin/campaigns/${f.campaignId}/reminders/preview`],
      ['GET', `/api/admin/campaigns/${f.campaignId}/reminder-policy`],
      ['PUT', `/api/admin/campaigns/${f.campaignId}/reminder-policy`, everyDay],
      ['POST', `/api/admin/campaigns/${f.campaignId}/mail/resend-failed`, {}],
    ];
    const call = (s: TestSession, [method, path, body]: (typeof routes)[number]) =>
      s.fetch(path, {
        method,
        ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      });
    for (const route of routes) {
      expect([route[1], (await call(f.stranger, route)).status]).toEqual([route[1], 404]);
    }
    const officer = f.officerSessions[0];
    for (const route of [
      ...routes,
      ['GET', '/api/admin/mail?status=failed'],
      ['GET', '/api/admin/mail/1'],
      ['POST', '/api/admin/mail/1/resend'],
      ['GET', '/api/admin/mail/status'],
      ['GET', '/api/admin/dev-mailbox'],
    ] as Array<(typeof routes)[number]>) {
      expect([route[1], (await call(officer, route)).status]).toEqual([route[1], 403]);
    }
    // The stranger's PUT changed nothing.
    const [policies] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM reminder_policies');
    expect(Number(policies.n)).toBe(0);

    // Mail without a campaign belongs to the authority of its recipient.
    for (const [n, userId] of [
      [1, f.officers[0].id],
      [2, f.strangerId],
    ]) {
      await ds.query(
        `INSERT INTO mail_messages (campaign_id, recipient_user_id, digest_key, message_id, to_address, subject, text_body, html_body, status, attempts)
         VALUES (NULL, ?, ?, ?, ?, 'Thư hệ thống', '', '', 'failed', 1)`,
        [userId, `system-${n}`, `<system.${n}@ubnd.test>`, `nguoi-nhan-${n}@ubnd.test`],
      );
    }
    const seen = async (s: TestSession) =>
      (await json<MailView[]>(await s.fetch('/api/admin/mail?status=failed'))).map((m) => m.toAddress);
    expect(await seen(f.admin)).toEqual(['nguoi-nhan-1@ubnd.test']);
    expect(await seen(f.stranger)).toEqual(['nguoi-nhan-2@ubnd.test']);
    const [theirs] = await rows<{ id: number }>(
      ds.manager,
      "SELECT id FROM mail_messages WHERE digest_key = 'system-2'",
    );
    expect((await f.admin.fetch(`/api/admin/mail/${theirs.id}`)).status).toBe(404);
    expect((await f.admin.fetch(`/api/admin/mail/${theirs.id}/resend`, { method: 'POST' })).status).toBe(404);
  });

  it('should list and mark read only the caller’s own notifications', async () => {
    const f = await campaign();
    await json(await putPolicy(f.admin, f.campaignId, everyDay));
    smtp = new TestSmtpServer();
    await smtp.start();
    worker = await startTestWorker({ SMTP_URL: smtp.url, REMINDER_TICK_MS: '250' });
    await eventually(() => Promise.resolve(smtp!.received.length === f.officers.length), 30_000);
    const [a, b] = f.officerSessions;

    const listA = await json<NotificationView[]>(await a.fetch('/api/notifications'));
    expect(listA).toHaveLength(1);
    expect(listA[0]).toMatchObject({ kind: 'reminder', campaignId: f.campaignId, readAt: null });
    expect(listA[0].title).toContain('Nhắc việc');
    const listB = await json<NotificationView[]>(await b.fetch('/api/notifications'));
    expect(listB).toHaveLength(1);
    expect(listB[0].id).not.toBe(listA[0].id);
    expect(await json(await f.admin.fetch('/api/notifications'))).toEqual([]);

    // B cannot read, or mark, A's notification.
    expect((await b.fetch(`/api/notifications/${listA[0].id}/read`, { method: 'POST' })).status).toBe(404);
    expect((await b.fetch('/api/notifications/999999/read', { method: 'POST' })).status).toBe(404);
    expect((await a.fetch('/api/notifications')).ok).toBe(true);
    expect((await json<NotificationView[]>(await a.fetch('/api/notifications')))[0].readAt).toBeNull();

    const read = await a.fetch(`/api/notifications/${listA[0].id}/read`, { method: 'POST' });
    expect(read.status).toBe(204);
    const [marked] = await json<NotificationView[]>(await a.fetch('/api/notifications'));
    expect(marked.readAt).not.toBeNull();
    // Marking again is harmless and keeps the first time.
    expect((await a.fetch(`/api/notifications/${listA[0].id}/read`, { method: 'POST' })).status).toBe(204);
    expect((await json<NotificationView[]>(await a.fetch('/api/notifications')))[0].readAt).toBe(marked.readAt);

    expect(await json(await a.fetch('/api/notifications?unreadOnly=true'))).toEqual([]);
    expect(await json<NotificationView[]>(await a.fetch('/api/notifications?unreadOnly=false'))).toHaveLength(1);
    expect(await json<NotificationView[]>(await b.fetch('/api/notifications?unreadOnly=true'))).toHaveLength(1);
    expect((await a.fetch('/api/notifications?unreadOnly=perhaps')).status).toBe(400);
    expect((await a.fetch('/api/notifications/abc/read', { method: 'POST' })).status).toBe(400);
  }, 60_000);

  it('should show the admin what the development SMTP sink received', async () => {
    const f = await campaign();
    await rm(devMailDir, { recursive: true, force: true });
    expect(await json(await f.admin.fetch('/api/admin/dev-mailbox'))).toEqual([]);
    await mkdir(devMailDir, { recursive: true });
    await writeFile(
      join(devMailDir, '20240311-080000-1.eml'),
      [
        'X-Dev-Sink-To: can-bo-0@don-vi.test',
        'From: cchc@ubnd.test',
        'To: can-bo-0@don-vi.test',
        'Subject: =?UTF-8?Q?Nh=E1=BA=AFc_vi=E1=BB=87c?=',
        'Message-ID: <digest.1@ubnd.test>',
        'Date: Mon, 11 Mar 2024 01:00:00 +0000',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Xin chào',
        '',
      ].join('\r\n'),
    );
    const box = await json<Array<{ to: string; subject: string; messageId: string; text: string }>>(
      await f.admin.fetch('/api/admin/dev-mailbox'),
    );
    expect(box.map((m) => [m.to, m.subject, m.messageId, m.text.trim()])).toEqual([
      ['can-bo-0@don-vi.test', 'Nhắc việc', '<digest.1@ubnd.test>', 'Xin chào'],
    ]);
  });
});
