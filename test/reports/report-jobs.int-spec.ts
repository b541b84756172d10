import { leafDetails } from '@lib/criteria';
import { DATA_SOURCE, rows } from '@lib/database';
import { JobQueue, WorkflowRunner } from '@lib/workflow';
import type { INestApplicationContext } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import ExcelJS from 'exceljs';
import { Redis } from 'ioredis';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, startTestReportsWorker, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { jobFinished } from '../support/jobs';
import { startTestS3, type TestS3 } from '../support/s3';
import {
  EvidenceStorage,
  insertOrFindActive,
  markDone,
  markRunning,
  ReportsProcessor,
  setProgress,
} from '../../apps/api/src/app.factory';

interface JobView {
  id: number;
  createdAt: string;
  kind: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  messageVi: string;
  errorVi: string | null;
  fileName: string | null;
  downloadUrl: string | null;
}
interface Accepted {
  job: JobView;
  created: boolean;
}
interface ConsolidationView {
  tables: Array<{
    units: Array<{
      unitId: number;
      unitCode: string;
      unitName: string;
      rank: number;
      indexHundredths: number;
      selfMilli: number;
    }>;
  }>;
}

/** The BullMQ job of a report job: its row id and creation time (ReportJobsService.request). */
const bullId = (job: { id: number; createdAt: string }) => `report-${job.id}-${Date.parse(job.createdAt)}`;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Issue 19 item 3: the consolidated table is built by a `reports` job in the reports process, never in the request.
 * Real MariaDB, Redis/BullMQ and the real reports process; progress is observed through BullMQ's progress events.
 */
describe('report jobs (exports off the request)', () => {
  let api: TestApi;
  let ds: DataSource;
  let jobs: JobQueue;
  let fx: SheetFixture;
  let admin: TestSession;
  let officer: TestSession;
  let otherAdmin: TestSession;
  let reports: INestApplicationContext | undefined;

  const request = (s: TestSession, body: unknown) =>
    s.fetch(`/api/campaigns/${fx.campaignId}/report-jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    jobs = api.app.get(JobQueue);
    await truncateAll(ds);
    await jobs.queue('reports').obliterate({ force: true });
    const runner = api.app.get(WorkflowRunner);
    fx = await createSheets(ds, runner, { units: 3 });
    const org = await createOrganisation(ds, { authorityId: fx.authorityId, kind: 'secretariat' });
    admin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: org.id, roles: ['admin'] }),
    );
    officer = await createSession(ds, api.config, api.url, fx.sheets[0].officer);
    const other = await createSheets(ds, runner, { units: 1 });
    const otherOrg = await createOrganisation(ds, { authorityId: other.authorityId, kind: 'secretariat' });
    otherAdmin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: otherOrg.id, roles: ['admin'] }),
    );
  }, 120_000);
  afterAll(async () => {
    await reports?.close();
    await api.close();
  });

  it('should answer 202 with a job, return the same job to a second request while it waits, and build nothing in the request', async () => {
    const first = await request(admin, { kind: 'consolidation-xlsx' });
    expect(first.status).toBe(202);
    const a = (await first.json()) as Accepted;
    expect(a.created).toBe(true);
    expect(a.job).toMatchObject({
      state: 'queued',
      progress: 0,
      messageVi: 'Đang chờ đến lượt xử lý…',
      downloadUrl: null,
    });
    const second = await request(admin, { kind: 'consolidation-xlsx' });
    expect(second.status).toBe(202);
    const b = (await second.json()) as Accepted;
    expect(b).toMatchObject({ created: false, job: { id: a.job.id } });
    // One row, one BullMQ job; no reports process yet, so nothing was built.
    const [{ n }] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM report_jobs');
    expect(Number(n)).toBe(1);
    expect(await jobs.queue('reports').getJobCounts('waiting')).toEqual({ waiting: 1 });
    // Not ready yet: the download says so in Vietnamese.
    const early = await admin.fetch(`/api/report-jobs/${a.job.id}/file`);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { messageVi: string } }).error.messageVi).toMatch(/đang được chuẩn bị/);
  });

  it('should progress in the reports process, complete, and download the consolidated table with the right content', async () => {
    const [{ id, created_at }] = await rows<{ id: number; created_at: Date }>(
      ds.manager,
      'SELECT id, created_at FROM report_jobs',
    );
    const bull = bullId({ id, createdAt: created_at.toISOString() });
    const connection = new Redis(api.config.redis.url, { maxRetriesPerRequest: null });
    const events = new QueueEvents('reports', { connection, prefix: api.config.redis.prefix });
    const seen: number[] = [];
    events.on('progress', ({ jobId, data }) => {
      if (jobId === bull) {
        seen.push(Number(data));
      }
    });
    try {
      await events.waitUntilReady();
      reports = await startTestReportsWorker();
      await jobFinished(jobs, 'reports', bull, 60_000);
    } finally {
      await events.close();
      connection.disconnect();
    }
    expect(seen).toEqual([10, 60, 90]);
    const view = (await (await admin.fetch(`/api/report-jobs/${id}`)).json()) as JobView;
    expect(view).toMatchObject({ state: 'done', progress: 100, messageVi: 'Tệp đã sẵn sàng để tải về.' });
    expect(view.downloadUrl).toBe(`/api/report-jobs/${id}/file`);

    const file = await admin.fetch(view.downloadUrl!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(XLSX);
    expect(file.headers.get('content-disposition')).toContain(view.fileName!);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0];
    const cells = new Set<string>();
    sheet.eachRow((row) => row.eachCell((c) => cells.add(c.text)));
    const consolidation = (await (
      await admin.fetch(`/api/campaigns/${fx.campaignId}/consolidation`)
    ).json()) as ConsolidationView;
    const units = consolidation.tables.flatMap((t) => t.units);
    expect(units).toHaveLength(3);
    for (const u of units) {
      expect(cells).toContain(u.unitCode);
      expect(cells).toContain(u.unitName);
    }
    // Audited as a download, like the synchronous export was.
    const [{ n }] = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.downloaded'",
    );
    expect(Number(n)).toBeGreaterThanOrEqual(1);
  });

  it('should build a fresh file on a request after the last one ended, and list the campaign’s files', async () => {
    const res = await request(admin, { kind: 'consolidation-xlsx' });
    expect(res.status).toBe(202);
    const { job, created } = (await res.json()) as Accepted;
    expect(created).toBe(true);
    await jobFinished(jobs, 'reports', bullId(job), 60_000);
    const list = (await (await admin.fetch(`/api/campaigns/${fx.campaignId}/report-jobs`)).json()) as JobView[];
    const [{ first }] = await rows<{ first: number }>(ds.manager, 'SELECT MIN(id) AS first FROM report_jobs');
    expect(list.map((j) => [j.id, j.state])).toEqual([
      [job.id, 'done'],
      [first, 'done'],
    ]);
  });

  it('should answer 404 to another authority and to a unit officer, and refuse the officer’s request', async () => {
    const [{ id }] = await rows<{ id: number }>(ds.manager, 'SELECT MIN(id) AS id FROM report_jobs');
    for (const path of [`/api/report-jobs/${id}`, `/api/report-jobs/${id}/file`]) {
      expect([path, (await otherAdmin.fetch(path)).status]).toEqual([path, 404]);
      expect([path, (await officer.fetch(path)).status]).toEqual([path, 404]);
    }
    expect((await otherAdmin.fetch(`/api/campaigns/${fx.campaignId}/report-jobs`)).status).toBe(404);
    expect((await request(otherAdmin, { kind: 'consolidation-xlsx' })).status).toBe(404);
    const refused = await request(officer, { kind: 'consolidation-xlsx' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { messageVi: string } }).error.messageVi).toMatch(/hãy nhờ/);
    // A publication that does not exist: 404, and no job.
    expect((await request(admin, { kind: 'rankings-xlsx', revision: 1 })).status).toBe(404);
    const [{ n }] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM report_jobs');
    expect(Number(n)).toBe(2);
  });

  it('should answer a unit’s result .xlsx with 202 and a job for the authority-wide roles, built with the unit’s rank', async () => {
    const unitId = fx.sheets[1].unitId;
    const res = await admin.fetch(`/api/campaigns/${fx.campaignId}/units/${unitId}/result.xlsx`);
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as Accepted;
    expect(job).toMatchObject({ kind: 'unit-result-xlsx', subjectId: unitId, downloadUrl: null });
    await jobFinished(jobs, 'reports', bullId(job), 60_000);
    const file = await admin.fetch(`/api/report-jobs/${job.id}/file`);
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const [unit] = await rows<{ name: string }>(ds.manager, 'SELECT name FROM units WHERE id = ?', [unitId]);
    expect(wb.worksheets[0].getCell('A1').text).toBe(`Kết quả chấm điểm Chỉ số CCHC — ${unit.name}`);
    // The summary line needs the whole campaign consolidated: what moved out of the request.
    expect(wb.worksheets[0].getCell('A3').text).toMatch(/^Chỉ số: [\d,.]+ — /);
    // The unit's own officer gets the sheet of its ~100 leaves at once, without the ranking.
    const own = await officer.fetch(`/api/campaigns/${fx.campaignId}/units/${fx.sheets[0].unitId}/result.xlsx`);
    expect([own.status, own.headers.get('content-type')]).toEqual([200, XLSX]);
    await own.arrayBuffer();
    // A wide-only kind: the officer cannot follow the job; a unit not in the campaign, or none named, makes none.
    expect((await officer.fetch(`/api/report-jobs/${job.id}`)).status).toBe(404);
    expect((await request(admin, { kind: 'unit-result-xlsx', subjectId: 999_999 })).status).toBe(404);
    const unnamed = await request(admin, { kind: 'unit-result-xlsx' });
    expect(unnamed.status).toBe(400);
    expect(((await unnamed.json()) as { error: { messageVi: string } }).error.messageVi).toBe(
      'Hãy chọn đơn vị cần tải Kết quả chi tiết của đơn vị (.xlsx).',
    );
  });

  it('should consolidate a campaign above the inline size in a job (202), serve its stored tables (200), and compute again once a score changed', async () => {
    const path = `/api/campaigns/${fx.campaignId}/consolidation`;
    const inline = (await (await admin.fetch(path)).json()) as ConsolidationView;
    const limits = api.config.reports;
    const inlineMax = limits.consolidationInlineMaxUnits;
    // The fixture's 3 units as if they were the national 3,321: above the size consolidated in the request.
    limits.consolidationInlineMaxUnits = 2;
    try {
      const first = await admin.fetch(path);
      expect(first.status).toBe(202);
      const { job } = (await first.json()) as Accepted;
      expect(job).toMatchObject({ kind: 'consolidation', downloadUrl: null });
      // Asked again while it runs: the same job (keyed on the campaign and its data version), not a second one.
      const again = await admin.fetch(path);
      expect([again.status, ((await again.json()) as Accepted).job.id]).toEqual([202, job.id]);
      await jobFinished(jobs, 'reports', bullId(job), 60_000);
      const view = (await (await admin.fetch(`/api/report-jobs/${job.id}`)).json()) as JobView & {
        doneCount: number;
        totalCount: number;
      };
      expect(view).toMatchObject({ state: 'done', messageVi: 'Đã tổng hợp xong.', doneCount: 3, totalCount: 3 });
      // Its stored JSON is the screen's, not a file to download.
      expect(view.downloadUrl).toBeNull();
      expect((await admin.fetch(`/api/report-jobs/${job.id}/file`)).status).toBe(404);
      const stored = await admin.fetch(path);
      expect(stored.status).toBe(200);
      expect(await stored.json()).toEqual(inline);
      // Not another authority's, nor a unit officer's (the route's roles).
      expect((await otherAdmin.fetch(path)).status).toBe(404);
      expect((await officer.fetch(path)).status).toBe(403);

      // A score changes: the stored tables are stale, the next view follows a new job with the new figure.
      const [leaf] = leafDetails(fx.set, new Map());
      await ds.query(
        `INSERT INTO score_entries (sheet_id, criterion_code, self_milli) VALUES (?, ?, 1000)
         ON DUPLICATE KEY UPDATE self_milli = COALESCE(self_milli, 0) + 1000`,
        [fx.sheets[0].id, leaf.code],
      );
      const stale = await admin.fetch(path);
      expect(stale.status).toBe(202);
      const next = ((await stale.json()) as Accepted).job;
      expect(next.id).not.toBe(job.id);
      await jobFinished(jobs, 'reports', bullId(next), 60_000);
      const fresh = (await (await admin.fetch(path)).json()) as ConsolidationView;
      const unit = (c: ConsolidationView) =>
        c.tables.flatMap((t) => t.units).find((u) => u.unitId === fx.sheets[0].unitId)!;
      expect(unit(fresh).selfMilli).toBeGreaterThan(unit(inline).selfMilli);
      // The screen's jobs stay out of the campaign's file list (a busy day's views would push the files out).
      const files = (await (await admin.fetch(`/api/campaigns/${fx.campaignId}/report-jobs`)).json()) as JobView[];
      expect(files.map((j) => j.kind)).not.toContain('consolidation');
    } finally {
      limits.consolidationInlineMaxUnits = inlineMax;
    }
  });

  it('should build a sheet’s evidence ZIP for whoever may read the sheet, and hide it from another unit’s officer', async () => {
    const sheetId = fx.sheets[0].id;
    const res = await request(officer, { kind: 'evidence-zip', subjectId: sheetId });
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as Accepted;
    await jobFinished(jobs, 'reports', bullId(job), 60_000);
    const file = await officer.fetch(`/api/report-jobs/${job.id}/file`);
    expect([file.status, file.headers.get('content-type')]).toEqual([200, 'application/zip']);
    expect(file.headers.get('content-disposition')).toContain('tai-lieu-kiem-chung-');
    // The unit's signed documents: logged as an evidence download, not as an export.
    const [audited] = await rows<{ action: string }>(
      ds.manager,
      "SELECT action FROM audit_log WHERE action IN ('evidence.downloaded', 'export.downloaded') AND JSON_UNQUOTE(JSON_EXTRACT(data, '$.id')) = ? ORDER BY id DESC LIMIT 1",
      [String(job.id)],
    );
    expect(audited?.action).toBe('evidence.downloaded');
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    // The admin reads every sheet of the authority, so follows the same job.
    expect((await admin.fetch(`/api/report-jobs/${job.id}`)).status).toBe(200);
    const neighbour = await createSession(ds, api.config, api.url, fx.sheets[1].officer);
    for (const path of [`/api/report-jobs/${job.id}`, `/api/report-jobs/${job.id}/file`]) {
      expect([path, (await neighbour.fetch(path)).status]).toEqual([path, 404]);
    }
    const listed = async (s: TestSession) =>
      ((await (await s.fetch(`/api/campaigns/${fx.campaignId}/report-jobs`)).json()) as JobView[]).map((j) => j.id);
    expect(await listed(officer)).toContain(job.id);
    expect(await listed(neighbour)).not.toContain(job.id);
    expect((await request(neighbour, { kind: 'evidence-zip', subjectId: sheetId })).status).toBe(404);
  });

  it('should keep the count a job knew when its last progress write lands after the done mark', async () => {
    // A publication's progress writes go on another connection than its transaction; the last one can come after
    // the commit, find the row done and write nothing. The done mark carries the count itself.
    const { job } = await insertOrFindActive(
      ds.manager,
      {
        authorityId: fx.authorityId,
        campaignId: fx.campaignId,
        kind: 'publication',
        revision: 1,
        subjectId: null,
        requestedBy: fx.sheets[0].officer.id,
      },
      `count-race-${fx.campaignId}`,
      'Đang chờ…',
    );
    expect(await markRunning(ds.manager, job.id, 'Đang chạy…')).toBe(true);
    let late: Promise<void> | undefined;
    await ds.transaction(async (em) => {
      expect(await markDone(em, job.id, null, 'Xong.', 5)).toBe(true);
      // Blocked on the row lock until the commit, then finds the job done.
      late = setProgress(ds.manager, job.id, 90, 'Đã tổng hợp 5/5 đơn vị…', { done: 5, total: 5 });
    });
    await late;
    const view = (await (await admin.fetch(`/api/report-jobs/${job.id}`)).json()) as JobView & {
      doneCount: number | null;
      totalCount: number | null;
    };
    expect(view).toMatchObject({ state: 'done', progress: 100, doneCount: 5, totalCount: 5 });
  });

  it('should remove files past REPORT_RETENTION_DAYS and mark their jobs expired, once', async () => {
    const [old] = await rows<{ id: number; result_key: string }>(
      ds.manager,
      "SELECT id, result_key FROM report_jobs WHERE state = 'done' ORDER BY id LIMIT 1",
    );
    const [{ n: doneBefore }] = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM report_jobs WHERE state = 'done'",
    );
    // Done eight days ago; the default retention is seven.
    await ds.query('UPDATE report_jobs SET finished_at = UTC_TIMESTAMP(6) - INTERVAL 8 DAY WHERE id = ?', [old.id]);
    const storage = api.app.get(EvidenceStorage, { strict: false });
    (await storage.open(old.result_key)).destroy();
    const processor = reports!.get(ReportsProcessor);
    expect(await processor.sweep()).toEqual({ expired: 1 });
    await expect(storage.open(old.result_key)).rejects.toThrow();
    const view = (await (await admin.fetch(`/api/report-jobs/${old.id}`)).json()) as JobView;
    expect(view).toMatchObject({ state: 'expired', downloadUrl: null });
    const file = await admin.fetch(`/api/report-jobs/${old.id}/file`);
    expect(file.status).toBe(409);
    expect(((await file.json()) as { error: { messageVi: string } }).error.messageVi).toMatch(
      /quá thời hạn lưu giữ.*Tạo lại tệp/,
    );
    // Idempotent, and the younger files stay.
    expect(await processor.sweep()).toEqual({ expired: 0 });
    const [{ n: doneAfter }] = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM report_jobs WHERE state = 'done'",
    );
    expect(Number(doneAfter)).toBe(Number(doneBefore) - 1);
  });

  it('should mark a job that failed for good as failed, saying in Vietnamese what to do', async () => {
    await reports?.close();
    // A reports process whose storage folder cannot be created (a file where the folder should be): every attempt fails.
    const blocked = join(mkdtempSync(join(tmpdir(), 'report-jobs-')), 'not-a-folder');
    writeFileSync(blocked, 'x');
    reports = await startTestReportsWorker({ UPLOAD_DIR: blocked });
    const { job } = (await (await request(admin, { kind: 'consolidation-xlsx' })).json()) as Accepted;
    await expect(jobFinished(jobs, 'reports', bullId(job), 60_000)).rejects.toThrow();
    const view = (await (await admin.fetch(`/api/report-jobs/${job.id}`)).json()) as JobView;
    expect(view.state).toBe('failed');
    expect(view.errorVi).toBe(
      `Máy chủ gặp lỗi khi tạo tệp. Hãy bấm "Tạo lại tệp"; nếu vẫn lỗi, báo quản trị hệ thống kèm mã công việc ${job.id}.`,
    );
    const file = await admin.fetch(`/api/report-jobs/${job.id}/file`);
    expect(file.status).toBe(409);
    expect(((await file.json()) as { error: { messageVi: string } }).error.messageVi).toMatch(/Tạo lại tệp/);
    // The failed job no longer holds its key: asking again starts a new one.
    expect(((await (await request(admin, { kind: 'consolidation-xlsx' })).json()) as Accepted).created).toBe(true);
  }, 90_000);
});

/** The finished file lies in the evidence storage: with EVIDENCE_STORAGE=s3, in the bucket (a real s3rver). */
describe('report jobs with the S3 backend', () => {
  let s3: TestS3;
  let api: TestApi;
  let reports: INestApplicationContext;

  beforeAll(async () => {
    s3 = await startTestS3();
    api = await startTestApi(s3.env);
    reports = await startTestReportsWorker(s3.env);
  }, 120_000);
  afterAll(async () => {
    await reports?.close();
    await api?.close();
    await s3?.close();
  });

  it('should store the file in the bucket under reports/ and serve it from there', async () => {
    const ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    const fx = await createSheets(ds, api.app.get(WorkflowRunner), { units: 2 });
    const org = await createOrganisation(ds, { authorityId: fx.authorityId, kind: 'secretariat' });
    const admin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: org.id, roles: ['leader'] }),
    );
    const res = await admin.fetch(`/api/campaigns/${fx.campaignId}/report-jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'consolidation-xlsx' }),
    });
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as Accepted;
    await jobFinished(api.app.get(JobQueue), 'reports', bullId(job), 60_000);
    const [row] = await rows<{ result_key: string; size_bytes: number | string }>(
      ds.manager,
      'SELECT result_key, size_bytes FROM report_jobs WHERE id = ?',
      [job.id],
    );
    expect(row.result_key).toMatch(new RegExp(`^reports/${fx.authorityId}/${job.id}-[0-9a-f]{16}\\.xlsx$`));
    expect(await s3.keys()).toContain(row.result_key);
    const file = await admin.fetch(`/api/report-jobs/${job.id}/file`);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.length).toBe(Number(row.size_bytes));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0].getCell('A1').text).toContain('Bảng tổng hợp kết quả thẩm định');
  });
});
