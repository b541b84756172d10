import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_SOURCE, rows } from '@lib/database';
import { JobQueue, WorkflowRunner, type Actor } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { fillScores } from '../factories/scores.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createUser, type CreatedUser } from '../factories/user.factory';
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { ensureWebBuild, launchBrowser, openPerson, signInAs, tallyActions } from '../support/browser';
import { startTestApi, startTestReportsWorker, type TestApi } from '../support/apps';
import { jobFinished } from '../support/jobs';
import { buildReportJobHere } from '../support/reports';
import { truncateAll } from '../support/database';
import { pdfText } from '../support/pdf-text';

const system: Actor = { userId: null, label: 'system:test' };
/** The session below has two voting members (the chair and one member; the secretary does not vote). */
const BOTH_FOR = { votesFor: 2, votesAgainst: 0, votesAbstain: 0 };
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

interface PubRow {
  position: number;
  unitId: number;
  unitName: string;
  rank: number;
  tied: boolean;
  indexHundredths: number;
  className: string | null;
}
interface Sheet {
  id: number;
  unit_id: number;
  code: string;
  grp: string;
}
interface Pub {
  revision: number;
  current: boolean;
  tables: Array<{ tableNo: number; title: string; group: string; rows: PubRow[] }>;
}

/** An independent computation from the stored final scores: exact integers, competition ranking. */
async function expectedTables(ds: DataSource, campaignId: number) {
  const units = await rows<{ unit_id: number; grp: string; max_milli: number; final: string | number }>(
    ds.manager,
    `SELECT cu.unit_id, cu.unit_group AS grp, cs.max_milli,
            COALESCE(SUM(COALESCE(e.council_milli, e.appraised_r2_milli, e.appraised_r1_milli)), 0) AS final
       FROM campaign_units cu JOIN criteria_sets cs ON cs.id = cu.criteria_set_id
       JOIN score_sheets s ON s.campaign_id = cu.campaign_id AND s.unit_id = cu.unit_id
       LEFT JOIN score_entries e ON e.sheet_id = s.id
      WHERE cu.campaign_id = ? GROUP BY cu.unit_id, cu.unit_group, cs.max_milli`,
    [campaignId],
  );
  const adj = await rows<{ unit_id: number; kind: string; total: string | number }>(
    ds.manager,
    'SELECT unit_id, kind, SUM(points_milli) AS total FROM adjustment_entries WHERE campaign_id = ? GROUP BY unit_id, kind',
    [campaignId],
  );
  const out = new Map<string, Array<{ unitId: number; index: number; rank: number }>>();
  for (const u of units) {
    const bonus = Math.min(2000, Number(adj.find((a) => a.unit_id === u.unit_id && a.kind === 'bonus')?.total ?? 0));
    const penalty = Math.min(
      3000,
      Number(adj.find((a) => a.unit_id === u.unit_id && a.kind === 'penalty')?.total ?? 0),
    );
    const achieved = BigInt(Number(u.final) + bonus - penalty);
    const max = BigInt(u.max_milli);
    let index = Number((achieved * 20000n + max) / (2n * max));
    index = Math.max(0, Math.min(10000, index));
    out.set(u.grp, [...(out.get(u.grp) ?? []), { unitId: u.unit_id, index, rank: 0 }]);
  }
  for (const list of out.values()) {
    for (const u of list) {
      u.rank = 1 + list.filter((o) => o.index > u.index).length;
    }
  }
  return out;
}

function soffice(file: string, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'par-h8-out-'));
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', to, '--outdir', dir, file],
    { stdio: 'ignore', timeout: 120_000 },
  );
  const base = file
    .split('/')
    .pop()!
    .replace(/\.[a-z]+$/, '');
  const ext = to.split(':')[0];
  return readFileSync(join(dir, `${base}.${ext}`), 'utf8');
}

describe('campaign from submission to publication (22 units)', () => {
  let api: TestApi;
  let ds: DataSource;
  let runner: WorkflowRunner;
  let campaignId: number;
  let admin: TestSession;
  let leader: TestSession;
  let adminUser: CreatedUser;
  let leaderUser: CreatedUser;
  let browser: Browser | undefined;
  let chair: TestSession;
  let chairUserId: number;
  const tmp = mkdtempSync(join(tmpdir(), 'par-h8-'));
  // What the stages hand on to each other.
  let sheets: Sheet[] = [];
  let agencies: Sheet[] = [];
  let session: { id: number; members: Array<{ id: number; role: string }> };
  let member: { id: number; role: string };
  let rev1: Pub;
  const decision = {
    decisionNumber: '1234/QĐ-UBND',
    decisionDate: '2024-04-20',
    signerName: 'Nguyễn Văn Bình',
    signerTitle: 'CHỦ TỊCH',
  };

  let reports: INestApplicationContext | undefined;

  /**
   * Publication and correction are jobs (issue 19): 202 with the job, which the reports process runs (consolidate
   * and freeze); then the revision it froze.
   */
  const publishedByJob = async (path: string, body: unknown): Promise<Pub> => {
    const res = await admin.fetch(path, json(body));
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: { id: number; createdAt: string; revision: number } };
    await jobFinished(api.app.get(JobQueue), 'reports', `report-${job.id}-${Date.parse(job.createdAt)}`, 60_000);
    const followed = (await (await admin.fetch(`/api/report-jobs/${job.id}`)).json()) as { state: string };
    expect(followed.state).toBe('done');
    return (await (await admin.fetch(`/api/campaigns/${campaignId}/publications/${job.revision}`)).json()) as Pub;
  };

  beforeAll(async () => {
    // The correction screen is tested in Chromium at the end: the api serves the built web app.
    await ensureWebBuild();
    api = await startTestApi();
    // The campaign-wide exports are report jobs (issue 19), built by the reports process.
    reports = await startTestReportsWorker();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    runner = api.app.get(WorkflowRunner);
    await truncateAll(ds);
    const created = await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      selfAssessmentDueAt: new Date(Date.now() + 2 * 24 * 3600_000),
      actor: system,
    });
    campaignId = created.id;
    const [nv] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'nv'");
    const mk = async (roles: Array<'admin' | 'leader' | 'council_member'>) => {
      const u = await createUser(ds, { roles, organisationId: nv.id });
      return { id: u.id, user: u, session: await createSession(ds, api.config, api.url, u) };
    };
    ({ session: admin, user: adminUser } = await mk(['admin']));
    ({ session: leader, user: leaderUser } = await mk(['leader']));
    const c = await mk(['council_member']);
    chair = c.session;
    chairUserId = c.id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await reports?.close();
    await api.close();
  });

  // One campaign walked stage by stage: each test starts where the previous one left it (jest runs them in order).
  it('should carry 22 submitted and appraised sheets, with a capped bonus, into a consolidation of two tables', async () => {
    sheets = await rows<Sheet>(
      ds.manager,
      `SELECT s.id, s.unit_id, u.code, u.unit_group AS grp FROM score_sheets s JOIN units u ON u.id = s.unit_id
        WHERE s.campaign_id = ? ORDER BY u.unit_group, u.code`,
      [campaignId],
    );
    expect(sheets).toHaveLength(22);
    // Submission and appraisal through the machines; scores straight into score_entries.
    for (const s of sheets) {
      await runner.transition({
        machineId: 'scoreSheet',
        id: s.id,
        event: ({ now }) => ({ type: 'sheet.submitted', at: now.toISOString() }),
        actor: system,
      });
    }
    await runner.transition({
      machineId: 'campaign',
      id: campaignId,
      event: { type: 'phase.closed', phase: 'selfAssessment' },
      actor: system,
    });
    agencies = sheets.filter((s) => s.grp === 'agency');
    const [tieA, tieB] = agencies;
    for (const [n, s] of sheets.entries()) {
      // Two agencies get identical scores (a tie); the others differ by a quarter point per step.
      const seed = s === tieB ? sheets.indexOf(tieA) : n;
      await fillScores(ds, s.id, (leaf, i) => {
        const cut = (seed * 7 + i * 3) % 5 === 0 ? 250 * ((seed % 3) + 1) : 0;
        const r1 = Math.max(0, leaf.maxPoints - cut);
        return {
          self: leaf.survey ? null : leaf.maxPoints,
          round1: r1,
          round2: i % 11 === 0 ? Math.max(0, r1 - 250) : null,
        };
      });
      await runner.transition({
        machineId: 'scoreSheet',
        id: s.id,
        event: { type: 'appraisal.started' },
        actor: system,
      });
      await runner.transition({
        machineId: 'scoreSheet',
        id: s.id,
        event: { type: 'appraisal.completed' },
        actor: system,
      });
    }
    // A bonus above the cap (3 × 1 point, cap 2) on a commune.
    const commune = sheets.find((s) => s.grp === 'commune')!;
    const bonus = await admin.fetch(`/api/campaigns/${campaignId}/units/${commune.unit_id}/adjustments/bonus/T.1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ occurrences: 3, note: 'Sáng kiến được công nhận' }),
    });
    expect(bonus.status).toBe(200);
    expect(await bonus.json()).toMatchObject({ bonusEnteredMilli: 3000, bonusCountedMilli: 2000 });
    await runner.transition({
      machineId: 'campaign',
      id: campaignId,
      event: { type: 'phase.closed', phase: 'appraisal' },
      actor: system,
    });

    // Consolidation flags the differences.
    const cons = (await (await admin.fetch(`/api/campaigns/${campaignId}/consolidation`)).json()) as {
      tables: Array<{ tableNo: number; units: Array<{ unitId: number; flags: { appraisedMuchLower: string[] } }> }>;
    };
    expect(cons.tables.map((t) => t.tableNo)).toEqual([1, 2]);
    expect(cons.tables[0].units).toHaveLength(12);
    expect(cons.tables[1].units).toHaveLength(10);
  });

  it('should refuse publication before the council approves; the chair records a reasoned adjustment and approves', async () => {
    // Nothing can be published before the council's approval.
    const early = await admin.fetch(`/api/campaigns/${campaignId}/publications`, json(decision));
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { messageVi: string } }).error.messageVi).toContain('Hội đồng');

    // Council session, one adjustment with a reason, approval by the chair.
    const sessionRes = await admin.fetch(
      `/api/campaigns/${campaignId}/council/sessions`,
      json({
        heldOn: '2024-03-28',
        location: 'Phòng họp số 1',
        members: [
          { fullName: 'Trần Thị Hương', position: 'Trưởng phòng Nội vụ', role: 'chair', userId: chairUserId },
          { fullName: 'Lê Văn Đức', position: 'Chánh Thanh tra', role: 'member' },
          { fullName: 'Phạm Thu Trang', position: 'Chuyên viên', role: 'secretary' },
        ],
      }),
    );
    expect(sessionRes.status).toBe(201);
    session = (await sessionRes.json()) as typeof session;
    member = session.members.find((m) => m.role === 'member')!;
    const target = agencies[5];
    const noReason = await chair.fetch(
      `/api/campaigns/${campaignId}/council/sessions/${session.id}/adjustments`,
      json({
        unitId: target.unit_id,
        criterionCode: '1.1.1',
        points: '0,5',
        reason: '',
        proposedByMemberId: member.id,
        ...BOTH_FOR,
      }),
    );
    expect(noReason.status).toBe(400);
    const adjusted = await chair.fetch(
      `/api/campaigns/${campaignId}/council/sessions/${session.id}/adjustments`,
      json({
        unitId: target.unit_id,
        criterionCode: '1.1.1',
        points: '0,5',
        reason: 'Kế hoạch ban hành chậm so với quy định',
        proposedByMemberId: member.id,
        ...BOTH_FOR,
      }),
    );
    expect(adjusted.status).toBe(201);
    const notChair = await admin.fetch(
      `/api/campaigns/${campaignId}/council/sessions/${session.id}/approve`,
      json(BOTH_FOR),
    );
    expect(notChair.status).toBe(403);
    // A split vote does not carry (majority of the 2 present is 2): refused, the session stays open.
    const split = await chair.fetch(
      `/api/campaigns/${campaignId}/council/sessions/${session.id}/approve`,
      json({ votesFor: 1, votesAgainst: 1, votesAbstain: 0 }),
    );
    expect(split.status).toBe(422);
    expect(((await split.json()) as { error: { code: string } }).error.code).toBe('NOT_CARRIED');
    const approved = await chair.fetch(
      `/api/campaigns/${campaignId}/council/sessions/${session.id}/approve`,
      json({ conclusions: 'Hội đồng thống nhất thông qua.', ...BOTH_FOR }),
    );
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as { votes: unknown }).votes).toEqual(BOTH_FOR);
    const [finalSheets] = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM score_sheets WHERE campaign_id = ? AND state = 'final'",
      [campaignId],
    );
    expect(Number(finalSheets.n)).toBe(22);
  });

  it('should refuse publication without leadership, then publish tables equal to an independent computation, ties included', async () => {
    // Still not publishable without leadership.
    expect((await admin.fetch(`/api/campaigns/${campaignId}/publications`, json(decision))).status).toBe(409);
    expect((await leader.fetch(`/api/campaigns/${campaignId}/leadership-approval`, { method: 'POST' })).status).toBe(
      200,
    );

    rev1 = await publishedByJob(`/api/campaigns/${campaignId}/publications`, decision);
    expect(rev1.revision).toBe(1);
    expect(rev1.tables.map((t) => t.title)).toEqual([
      'Bảng 1: Các cơ quan chuyên môn',
      'Bảng 2: Ủy ban nhân dân các xã, phường',
    ]);

    // The published tables equal the independent computation, ties included.
    const expected = await expectedTables(ds, campaignId);
    for (const t of rev1.tables) {
      const exp = expected.get(t.group)!;
      expect(t.rows).toHaveLength(exp.length);
      for (const r of t.rows) {
        const e = exp.find((x) => x.unitId === r.unitId)!;
        expect([r.unitId, r.indexHundredths, r.rank]).toEqual([e.unitId, e.index, e.rank]);
      }
    }
    const [tieA, tieB] = agencies;
    const tA = rev1.tables[0].rows.find((r) => r.unitId === tieA.unit_id)!;
    const tB = rev1.tables[0].rows.find((r) => r.unitId === tieB.unit_id)!;
    expect(tA.rank).toBe(tB.rank);
    expect(tA.tied && tB.tied).toBe(true);
    // Competition ranking: the rank after a tie skips as many places as units share it (the tie is not last here).
    const sharing = rev1.tables[0].rows.filter((r) => r.rank === tA.rank).length;
    expect(sharing).toBeGreaterThanOrEqual(2);
    const afterTie = rev1.tables[0].rows.filter((r) => r.rank > tA.rank).map((r) => r.rank);
    expect(afterTie.length).toBeGreaterThan(0);
    expect(Math.min(...afterTie)).toBe(tA.rank + sharing);
  });

  it('should refuse score writes after publication, by the api (423 naming the completion) and by the database', async () => {
    const target = agencies[5];
    // After publication score writes are refused: by the API and by the database itself.
    const late = await chair.fetch(
      `/api/campaigns/${campaignId}/council/sessions/${session.id}/adjustments`,
      json({
        unitId: target.unit_id,
        criterionCode: '1.1.2',
        points: '0',
        reason: 'Điều chỉnh sau công bố',
        proposedByMemberId: member.id,
        ...BOTH_FOR,
      }),
    );
    expect(late.status).toBe(423);
    expect(((await late.json()) as { error: { details: { closedBy: string } } }).error.details.closedBy).toBe(
      'completed',
    );
    await expect(
      ds.query('UPDATE score_entries SET appraised_r1_milli = 0 WHERE sheet_id = ?', [target.id]),
    ).rejects.toThrow(/SCORES_PUBLISHED/);
    await expect(ds.query('UPDATE published_rankings SET `rank` = 1')).rejects.toThrow(/immutable/);
  });

  it('should keep revision 1 readable and unchanged when a correction publishes revision 2, also publicly', async () => {
    // A correction creates revision 2; revision 1 stays readable and unchanged (also publicly).
    const last = rev1.tables[1].rows.at(-1)!;
    const rev2 = await publishedByJob(`/api/campaigns/${campaignId}/publications/corrections`, {
      ...decision,
      decisionNumber: '1300/QĐ-UBND',
      decisionDate: '2024-04-28',
      reason: 'Đính chính sai sót nhập điểm',
      changes: [{ unitId: last.unitId, criterionCode: '1.1.1', points: '0', reason: 'Nhập nhầm điểm' }],
    });
    expect(rev2.revision).toBe(2);
    const pub1 = (await (await fetch(`${api.url}/api/public/rankings/uong-bi-2023?revision=1`)).json()) as Pub;
    expect(pub1.tables).toEqual(rev1.tables);
    expect(pub1.current).toBe(false);
    const pubLatest = (await (await fetch(`${api.url}/api/public/rankings/uong-bi-2023`)).json()) as Pub;
    expect(pubLatest.revision).toBe(2);
    const list = (await (await fetch(`${api.url}/api/public/rankings`)).json()) as Array<{
      campaignCode: string;
      revision: number;
    }>;
    expect(list).toEqual([expect.objectContaining({ campaignCode: 'uong-bi-2023', revision: 2 })]);
    expect((await fetch(`${api.url}/api/campaigns/${campaignId}/consolidation`)).status).toBe(401);
  });

  it('should report the whole campaign to leadership as published, with two revisions', async () => {
    // Progress for leadership.
    const progress = (await (await leader.fetch(`/api/campaigns/${campaignId}/progress`)).json()) as {
      timeline: Array<{ phase: string; status: string }>;
      selfAssessment: { submitted: number; total: number };
      approval: { published: boolean; revisions: number };
      history: Array<{ sheetsSubmitted: number }>;
    };
    expect(progress.timeline.map((p) => p.phase)).toEqual(['selfAssessment', 'appraisal', 'councilReview', 'approval']);
    expect(progress.selfAssessment).toMatchObject({ submitted: 22, total: 22 });
    expect(progress.approval).toMatchObject({ published: true, revisions: 2 });
    expect(progress.history.at(-1)!.sheetsSubmitted).toBe(22);
  });

  it('should export rankings, appendix, consolidation, unit result and minutes that open elsewhere with ranks, indexes and diacritics intact', async () => {
    const target = agencies[5];
    // Exports open with LibreOffice (the PDF with pdf.js, a library), with ranks, indexes and diacritics intact.
    const save = async (path: string, name: string) => {
      const res = await admin.fetch(path);
      expect(res.status).toBe(200);
      const file = join(tmp, name);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      return file;
    };
    // The campaign-wide files are report jobs: 202 with the job, wait for it, then download its file.
    const viaJob = async (kind: string, name: string, revision?: number, subjectId?: number) => {
      const res = await admin.fetch(`/api/campaigns/${campaignId}/report-jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind, revision, subjectId }),
      });
      expect(res.status).toBe(202);
      const { job } = (await res.json()) as { job: { id: number; createdAt: string } };
      // The BullMQ job is named by the row's id and creation time (ReportJobsService.request).
      await jobFinished(api.app.get(JobQueue), 'reports', `report-${job.id}-${Date.parse(job.createdAt)}`, 60_000);
      return save(`/api/report-jobs/${job.id}/file`, name);
    };
    // Download everything first: soffice blocks the event loop, and the api runs in this process.
    const files = {
      rankings: await viaJob('rankings-xlsx', 'rankings.xlsx', 1),
      appendix: await viaJob('appendix-docx', 'appendix.docx', 1),
      pdf: await viaJob('appendix-pdf', 'appendix.pdf', 1),
      consolidation: await viaJob('consolidation-xlsx', 'consolidation.xlsx'),
      // A unit's result states its rank (the whole campaign consolidated) and the minutes carry the agenda: jobs too.
      unit: await viaJob('unit-result-xlsx', 'unit.xlsx', undefined, target.unit_id),
      minutes: await viaJob('minutes-docx', 'minutes.docx', undefined, session.id),
    };
    const csv = 'csv:Text - txt - csv (StarCalc):44,34,76,1';
    const txt = 'txt:Text (encoded):UTF8';
    const first = rev1.tables[0].rows[0];
    const idx = (h: number) => (h / 100).toFixed(2);
    const xlsxCsv = soffice(files.rankings, csv);
    expect(xlsxCsv).toContain('Bảng 1: Các cơ quan chuyên môn');
    // LibreOffice's CSV filter writes the first sheet (Bảng 1); Bảng 2 is checked in the .docx and the .pdf.
    for (const t of rev1.tables.slice(0, 1)) {
      for (const r of t.rows) {
        expect(xlsxCsv).toContain(`${r.position},"${r.unitName}",${idx(r.indexHundredths)},${r.rank},"${r.className}"`);
      }
    }
    const docxTxt = soffice(files.appendix, txt);
    expect(docxTxt).toContain('Bảng 2: Ủy ban nhân dân các xã, phường');
    expect(docxTxt).toContain('(đồng hạng)');
    expect(docxTxt).toContain(idx(first.indexHundredths).replace('.', ','));
    const pdfTxt = await pdfText(readFileSync(files.pdf));
    expect(pdfTxt).toContain('Bảng 1: Các cơ quan chuyên môn');
    expect(pdfTxt).toContain(first.unitName);
    expect(pdfTxt).toContain(idx(first.indexHundredths).replace('.', ','));
    expect(soffice(files.consolidation, csv)).toContain('Thẩm định lần 1');
    expect(soffice(files.unit, csv)).toContain('Kế hoạch ban hành chậm so với quy định');
    const minutes = soffice(files.minutes, txt);
    expect(minutes).toContain('BIÊN BẢN HỌP HỘI ĐỒNG THẨM ĐỊNH');
    expect(minutes).toContain('Trần Thị Hương');
  }, 120_000);

  it('should let the secretariat issue a correction in Chromium: refused first with the form kept, then revision 3 with one score change, earlier revisions readable, also at 390', async () => {
    browser = await launchBrowser();
    // The refused attempt (an unknown criterion: 400) is logged by the browser as a failed resource; nothing else.
    const p = await openPerson(browser, api.url, [/status of 400/]);
    const page = p.page;
    await signInAs(p, adminUser.username, adminUser.password);
    await page.goto('/publication');
    await page.getByText('Kết quả đã được công bố.').waitFor();
    const tally = await tallyActions(page);
    const rev2 = (await (await admin.fetch(`/api/campaigns/${campaignId}/publications/2`)).json()) as Pub;
    const target = rev2.tables[0].rows[0];
    await page.getByRole('button', { name: 'Ban hành đính chính…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ban hành đính chính (lần ban hành 3)' });
    await dialog.getByLabel('Số quyết định').fill('1400/QĐ-UBND');
    // Date (today) and signer come prefilled from the decision it corrects.
    expect(await dialog.getByLabel('Người ký').inputValue()).toBe(decision.signerName);
    await dialog.getByLabel('Lý do đính chính').fill('Đính chính sai sót nhập điểm tiêu chí 1.1.1');
    await dialog.getByRole('button', { name: 'Thêm thay đổi điểm' }).click();
    await dialog.getByLabel('Đơn vị (thay đổi 1)').fill(target.unitName);
    await page.keyboard.press('Enter');
    // A code the api could only refuse as a bad request is said in words in the field, before anything is sent.
    await dialog.getByLabel('Mã tiêu chí').fill('tiêu chí 1');
    const codeHelp = dialog.getByText('Mã tiêu chí chỉ gồm chữ không dấu, số và dấu chấm, ví dụ 1.1.1.');
    await codeHelp.waitFor();
    await dialog.getByLabel('Mã tiêu chí').fill('9.9.9');
    await codeHelp.waitFor({ state: 'detached' });
    await dialog.getByLabel('Điểm mới').fill('0');
    await dialog.getByLabel('Lý do thay đổi').fill('Nhập nhầm điểm khi tổng hợp');
    await p.shot('correction-dialog-1366');
    const send = async () => {
      await dialog.getByRole('button', { name: 'Ban hành đính chính', exact: true }).click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm
        .getByText(
          'Các bảng hiện hành được thay bằng lần ban hành 3, tính lại sau 1 thay đổi điểm; lần ban hành trước vẫn xem được.',
        )
        .waitFor();
      await confirm.getByRole('button', { name: 'Ban hành đính chính' }).click();
    };
    // An unknown criterion: refused at once, in Vietnamese, inside the dialog; everything typed is still there.
    await send();
    const refusal = dialog.getByTestId('correction-refusal');
    await refusal.getByText('Chưa ban hành được đính chính').waitFor();
    expect(await refusal.textContent()).toMatch(/9\.9\.9/);
    expect(await refusal.textContent()).not.toMatch(/\b(the|not|criterion|unknown)\b/i);
    expect(await dialog.getByLabel('Số quyết định').inputValue()).toBe('1400/QĐ-UBND');
    expect(await dialog.getByLabel('Lý do đính chính').inputValue()).toBe(
      'Đính chính sai sót nhập điểm tiêu chí 1.1.1',
    );
    await dialog.locator('.ant-select-content, .ant-select-selection-item').getByText(target.unitName).waitFor();
    expect(await dialog.getByLabel('Điểm mới').inputValue()).toBe('0');
    expect(await dialog.getByLabel('Lý do thay đổi').inputValue()).toBe('Nhập nhầm điểm khi tổng hợp');
    await p.shot('correction-refused-1366');
    // Corrected, sent again: the page shows the job's progress (the reports process is stopped here so the test sees
    // it waiting, then builds it as that process would) and revision 3 when it is done.
    await reports!.close();
    reports = undefined;
    await dialog.getByLabel('Mã tiêu chí').fill('1.1.1');
    await send();
    await page.getByText('Đang ban hành đính chính (lần ban hành 3)…').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('button', { name: 'Ban hành đính chính…' }).isDisabled()).toBe(true);
    await p.shot('correction-running-1366');
    const [job] = await rows<{ id: number }>(
      ds.manager,
      "SELECT id FROM report_jobs WHERE kind = 'correction' AND revision = 3 ORDER BY id DESC LIMIT 1",
    );
    await buildReportJobHere(api.app, job.id);
    await page.getByText('Đã ban hành đính chính: lần ban hành 3 là bản hiện hành.').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: /Quyết định 1400\/QĐ-UBND/ }).waitFor();
    await page.getByText(/Lần ban hành 3 · .* · Đính chính: Đính chính sai sót nhập điểm tiêu chí 1\.1\.1/).waitFor();
    await p.shot('correction-done-1366');
    const rev3 = (await (await admin.fetch(`/api/campaigns/${campaignId}/publications/3`)).json()) as Pub;
    expect(rev3.current).toBe(true);
    const before = target.indexHundredths;
    const after = rev3.tables[0].rows.find((r) => r.unitId === target.unitId)!.indexHundredths;
    expect(after).toBeLessThan(before);

    // The earlier revisions stay readable: revision 1, read-only, saying what replaced it.
    await page.getByTestId('revision-select').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: 'Lần ban hành 1 · Quyết định 1234/QĐ-UBND ngày 20/04/2024' })
      .click();
    await page.getByRole('heading', { name: /Quyết định 1234\/QĐ-UBND ngày 20\/04\/2024/ }).waitFor();
    await page
      .getByText('Lần ban hành 1 đã được thay bằng lần ban hành 3 (Quyết định 1400/QĐ-UBND); chỉ để xem.')
      .waitFor();
    await p.shot('correction-earlier-revision-1366');
    tally.print('correction with one score change, after one refusal, then revision 1 viewed');
    await page.getByRole('button', { name: 'Xem bản hiện hành' }).click();
    await page.getByRole('heading', { name: /Quyết định 1400\/QĐ-UBND/ }).waitFor();

    // At 390 the same dialog, with a change row, fits the screen: no sideways scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Ban hành đính chính…' }).click();
    const phone = page.getByRole('dialog', { name: 'Ban hành đính chính (lần ban hành 4)' });
    await phone.getByRole('button', { name: 'Thêm thay đổi điểm' }).click();
    await phone.getByLabel('Lý do thay đổi').waitFor();
    expect(await phone.getByLabel('Số quyết định').inputValue()).toBe('');
    await p.shot('correction-dialog-390');
    expect(await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth')).toBe(
      false,
    );
    const box = await phone.locator('.ant-modal-container, .ant-modal-content').first().boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await phone.getByRole('button', { name: 'Hủy', exact: true }).click();
    // The page itself at 390: the banner, the action, the revision picker and the current decision, nothing wider.
    await page.getByTestId('revision-select').waitFor();
    await phone.waitFor({ state: 'hidden' });
    // Back on revision 3 after viewing revision 1: no file of revision 1 is offered as this revision's download.
    expect(await page.getByRole('link', { name: /-r1\.(xlsx|pdf)/ }).count()).toBe(0);
    await p.shot('publication-published-390');
    expect(await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth')).toBe(
      false,
    );
    expect(p.errors).toEqual([]);
    await p.context.close();

    // A leader sees the revisions, not the action.
    const l = await openPerson(browser, api.url);
    await signInAs(l, leaderUser.username, leaderUser.password);
    await l.page.goto('/publication');
    await l.page.getByTestId('revision-select').waitFor();
    expect(await l.page.getByRole('button', { name: 'Ban hành đính chính…' }).count()).toBe(0);
    expect(l.errors).toEqual([]);
    await l.context.close();
  }, 180_000);
});
