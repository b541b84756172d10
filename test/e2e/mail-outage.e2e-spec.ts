/**
 * The secretariat after a mail outage (issue 12, item 10), in Chromium: the reminders page shows the mail system's
 * state (SMTP, waiting, retrying, failed, queue) and the failed digests of a reminder slot, which one click puts
 * back in the queue — each then reaches the (real, in-process) SMTP server exactly once. Screenshots at 1366×768
 * and 390×844 in test/artifacts/mail-*.png. No console error on the page.
 */
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { campaignSeed } from '../factories/campaign-seed';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession } from '../factories/session.factory';
import { createUser, DEFAULT_PASSWORD } from '../factories/user.factory';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps';
import { ensureWebBuild, launchBrowser, openPerson, signInAs } from '../support/browser';
import { truncateAll } from '../support/database';
import { eventually } from '../support/engine';
import { TestSmtpServer } from '../reminders/smtp-test-server';

jest.setTimeout(240_000);

/** An SMTP server that greets, then refuses every recipient for good (550): the digests fail at once. */
async function startRefusingSmtp(): Promise<{ port: number; stop(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onRcptTo: (address, _session, callback) =>
      callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 })),
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
  return { port, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('reminders page after a mail outage', () => {
  let api: TestApi;
  let worker: INestApplicationContext | undefined;
  let browser: Browser | undefined;
  let smtp: TestSmtpServer | undefined;

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await smtp?.stop();
    await api?.close();
  });

  it('should show the mail state and resend a slot’s failed mail with one click, each delivered once', async () => {
    await ensureWebBuild();
    const refusing = await startRefusingSmtp();
    const smtpUrl = `smtp://127.0.0.1:${refusing.port}`;
    api = await startTestApi({ SMTP_URL: smtpUrl });
    const ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);

    // The Uông Bí campaign, due in two days, daily reminders at 08:00: the latest slot owes two officers a digest.
    const created = await campaignSeed(ds, api.app.get(WorkflowRunner)).seedFromPlan({
      planKey: 'uong-bi-2023',
      code: `mail-${Date.now()}`,
      selfAssessmentDueAt: new Date(Date.now() + 2 * 86_400_000),
      actor: { userId: null, label: 'system:test' },
    });
    const [c] = await rows<{ authority_id: number }>(ds.manager, 'SELECT authority_id FROM campaigns WHERE id = ?', [
      created.id,
    ]);
    const units = await rows<{ organisation_id: number }>(
      ds.manager,
      'SELECT u.organisation_id FROM score_sheets s JOIN units u ON u.id = s.unit_id WHERE s.campaign_id = ? ORDER BY s.id LIMIT 2',
      [created.id],
    );
    for (const [i, u] of units.entries()) {
      await createUser(ds, {
        organisationId: u.organisation_id,
        roles: ['unit_officer'],
        email: `can-bo-${i}@don-vi.test`,
      });
    }
    const secretariat = await createOrganisation(ds, { authorityId: c.authority_id });
    const admin = await createUser(ds, {
      organisationId: secretariat.id,
      roles: ['admin'],
      username: 'thuongtruc',
      fullName: 'Trần Thị Thường Trực',
      email: 'noi-vu@ubnd.test',
    });
    const session = await createSession(ds, api.config, api.url, admin);
    const policy = await session.fetch(`/api/admin/campaigns/${created.id}/reminder-policy`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enabled: true,
        offsetsSeconds: [3 * 86_400],
        sendTime: '08:00',
        periodSeconds: 86_400,
        workingDaysOnly: false,
        holidays: [],
        escalateAfterSeconds: null,
      }),
    });
    expect(policy.status).toBe(200);

    worker = await startTestWorker({ SMTP_URL: smtpUrl, REMINDER_TICK_MS: '250' });
    const failedCount = async () =>
      Number(
        (await rows<{ n: number }>(ds.manager, "SELECT COUNT(*) AS n FROM mail_messages WHERE status = 'failed'"))[0].n,
      );
    await eventually(async () => (await failedCount()) === 2, 30_000);
    // The server is fixed: it now accepts mail on the same address.
    await refusing.stop();
    smtp = new TestSmtpServer(refusing.port);
    await smtp.start();

    browser = await launchBrowser();
    const p = await openPerson(browser, api.url);
    await signInAs(p, 'thuongtruc', DEFAULT_PASSWORD);
    const { page } = p;
    await page.goto(`/reminders?campaign=${created.id}`);
    const status = page.getByTestId('mail-status');
    await status.getByText('Máy chủ thư hoạt động').waitFor();
    await status.getByText('Gửi lỗi:').waitFor();
    await page.getByRole('tab', { name: /Thư gửi lỗi/ }).click();
    await page.getByRole('button', { name: 'Gửi lại tất cả (2)' }).waitFor();
    await page.getByRole('cell', { name: 'can-bo-0@don-vi.test', exact: true }).waitFor();
    // The SMTP answer is English; the screen says what happened in Vietnamese (the answer itself is in the tooltip).
    await page.getByRole('cell', { name: 'Máy chủ thư từ chối người nhận (mã 550)' }).first().waitFor();
    await p.shot('mail-01-failed-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Gửi lại tất cả (2)' }).waitFor();
    await p.shot('mail-02-failed-390');
    await page.setViewportSize({ width: 1366, height: 768 });

    // One slot has failed mail: the slot button resends both of its digests.
    await page.getByRole('button', { name: 'Gửi lại thư lỗi của đợt' }).click();
    await page.getByText('Đã đưa 2 thư vào hàng gửi lại.').waitFor();
    await eventually(async () => {
      const list = await rows<{ status: string }>(ds.manager, 'SELECT status FROM mail_messages');
      return list.length === 2 && list.every((m) => m.status === 'sent');
    }, 30_000);
    expect([...smtp.counts().values()]).toEqual([1, 1]);
    await page.reload();
    await page.getByRole('tab', { name: /Thư gửi lỗi/ }).click();
    await page.getByText('Không có thư gửi lỗi.').waitFor();
    await page.getByRole('tab', { name: /Nhật ký nhắc việc/ }).click();
    await page.getByText('Đã gửi').first().waitFor();
    await page.getByRole('cell', { name: 'Trước hạn 3 ngày' }).first().waitFor();
    await p.shot('mail-03-after-resend-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByText('Đã gửi').first().waitFor();
    await p.shot('mail-04-after-resend-390');
    expect(p.errors).toEqual([]);
  });
});
