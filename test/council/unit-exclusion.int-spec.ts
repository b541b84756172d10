import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { buildReportJobHere, publishVia } from '../support/reports';
import { truncateAll } from '../support/database';

const send = (s: TestSession, method: string, path: string, body?: unknown) =>
  s.fetch(path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

interface Refusal {
  error: { code: string; messageVi: string; details?: { unsubmitted?: Array<{ unitName: string }> } };
}
interface Unit {
  unitId: number;
  rank: number;
  classKey: string | null;
  excludedReason: string | null;
}

const REASON = 'Sáp nhập vào đơn vị khác từ 01/7/2025 theo QĐ 123/QĐ-UBND; không tự đánh giá';

/**
 * Issue 17, "decisions with guardrails": a unit that never submitted is excluded by the secretariat with a
 * required reason; decisions accept "submitted or excluded with a reason"; the excluded unit is listed in its
 * table as not ranked (rank 0, no class) — in the consolidation and in the frozen publication.
 */
describe('excluding a unit with a reason', () => {
  let api: TestApi;
  let ds: DataSource;
  let fx: SheetFixture;
  let admin: TestSession;
  let chair: TestSession;
  let leader: TestSession;
  let chairId: number;
  let names: string[];
  let base: string;
  let sessionId: number;

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    fx = await createSheets(ds, api.app.get(WorkflowRunner), { units: 3 });
    const org = await createOrganisation(ds, { authorityId: fx.authorityId, kind: 'secretariat' });
    const mk = async (roles: Array<'admin' | 'leader' | 'council_member'>) => {
      const u = await createUser(ds, { organisationId: org.id, roles });
      return { id: u.id, session: await createSession(ds, api.config, api.url, u) };
    };
    admin = (await mk(['admin'])).session;
    leader = (await mk(['leader'])).session;
    const c = await mk(['council_member']);
    chair = c.session;
    chairId = c.id;
    names = [];
    for (const s of fx.sheets) {
      const [u] = await rows<{ name: string }>(ds.manager, 'SELECT name FROM units WHERE id = ?', [s.unitId]);
      names.push(u.name);
    }
    // The first unit took part to the end (its appraisal is not what this suite is about).
    await ds.query("UPDATE score_sheets SET state = 'appraised' WHERE id = ?", [fx.sheets[0].id]);
    for (const phase of ['selfAssessment', 'appraisal']) {
      expect((await send(admin, 'POST', `/api/admin/campaigns/${fx.campaignId}/phases/${phase}/close`)).status).toBe(
        200,
      );
    }
    base = `/api/campaigns/${fx.campaignId}`;
    const created = await send(admin, 'POST', `${base}/council/sessions`, {
      heldOn: '2024-03-28',
      members: [{ fullName: 'Trần Thị Hương', role: 'chair', userId: chairId }],
    });
    expect(created.status).toBe(201);
    sessionId = ((await created.json()) as { id: number }).id;
  }, 120_000);
  afterAll(() => api.close());

  const exclusion = (i: number, reason?: string) =>
    reason === undefined
      ? send(admin, 'DELETE', `${base}/units/${fx.sheets[i].unitId}/exclusion`)
      : send(admin, 'PUT', `${base}/units/${fx.sheets[i].unitId}/exclusion`, { reason });
  const approve = () =>
    send(chair, 'POST', `${base}/council/sessions/${sessionId}/approve`, {
      votesFor: 1,
      votesAgainst: 0,
      votesAbstain: 0,
    });

  it('should refuse to exclude a unit that submitted, or without a reason', async () => {
    const submitted = await exclusion(0, REASON);
    expect(submitted.status).toBe(409);
    expect(((await submitted.json()) as Refusal).error.messageVi).toBe(
      `${names[0]} đã nộp biểu tự chấm điểm nên được thẩm định và xếp hạng; chỉ loại khỏi xếp hạng được đơn vị chưa nộp.`,
    );
    expect((await exclusion(1, '')).status).toBe(400);
  });

  it('should let the council approval name only the units neither submitted nor excluded', async () => {
    expect((await exclusion(1, REASON)).status).toBe(200);
    const refused = await approve();
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as Refusal;
    expect(body.error.details?.unsubmitted?.map((u) => u.unitName)).toEqual([names[2]]);
    expect(body.error.messageVi).toContain(`1 đơn vị chưa nộp biểu tự chấm điểm: ${names[2]}.`);
    expect(body.error.messageVi).toContain('loại đơn vị không nộp khỏi xếp hạng, ghi rõ lý do');
    // Taken back in, the unit is named again; excluded once more, it is not.
    expect((await exclusion(1)).status).toBe(200);
    const again = (await (await approve()).json()) as Refusal;
    expect(again.error.details?.unsubmitted?.map((u) => u.unitName).sort()).toEqual([names[1], names[2]].sort());
    expect((await exclusion(1, REASON)).status).toBe(200);
    expect((await exclusion(2, REASON)).status).toBe(200);
  });

  it('should list excluded units unranked in the consolidation, then approve, publish and freeze them unranked', async () => {
    const consolidation = (await (await send(admin, 'GET', `${base}/consolidation`)).json()) as {
      tables: Array<{ units: Unit[] }>;
    };
    const units = consolidation.tables.flatMap((t) => t.units);
    const byId = (i: number) => units.find((u) => u.unitId === fx.sheets[i].unitId)!;
    expect(byId(0)).toMatchObject({ rank: 1, excludedReason: null });
    for (const i of [1, 2]) {
      expect(byId(i)).toMatchObject({ rank: 0, classKey: null, excludedReason: REASON });
    }
    // The unit's own result sheet states it as the tables do: not ranked, with the reason (it printed "Xếp hạng: 0").
    const resultLine = async (i: number) => {
      // The authority-wide roles get it from a report job (it states the rank): 202, built, then downloaded.
      const accepted = await send(admin, 'GET', `${base}/units/${fx.sheets[i].unitId}/result.xlsx`);
      expect(accepted.status).toBe(202);
      const { job } = (await accepted.json()) as { job: { id: number; kind: string } };
      expect(job.kind).toBe('unit-result-xlsx');
      await buildReportJobHere(api.app, job.id);
      const res = await admin.fetch(`/api/report-jobs/${job.id}/file`);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
      return wb.worksheets[0].getCell('A3').text;
    };
    const excludedLine = await resultLine(1);
    expect(excludedLine).toMatch(/^Chỉ số: [\d,.]+ — Không xếp hạng: /);
    expect(excludedLine).toContain(`Không xếp hạng: ${REASON}`);
    expect(excludedLine).not.toContain('Xếp hạng: 0');
    expect(await resultLine(0)).toMatch(/ — Xếp hạng: 1 — Xếp loại: /);

    expect((await approve()).status).toBe(200);
    expect((await send(leader, 'POST', `${base}/leadership-approval`)).status).toBe(200);
    // Publication is a job (issue 19): built here, then the frozen revision read back.
    await publishVia(api.app, admin, fx.campaignId, {
      decisionNumber: '12/QĐ-UBND',
      decisionDate: '2024-04-20',
      signerName: 'Nguyễn Văn Bình',
    });
    const published = await send(admin, 'GET', `${base}/publications/1`);
    expect(published.status).toBe(200);
    const pub = (await published.json()) as {
      tables: Array<{ rows: Array<{ unitId: number; rank: number; excludedReason?: string }> }>;
    };
    const rowsOut = pub.tables.flatMap((t) => t.rows);
    expect(rowsOut.find((r) => r.unitId === fx.sheets[0].unitId)).toMatchObject({ rank: 1 });
    expect(rowsOut.find((r) => r.unitId === fx.sheets[0].unitId)!.excludedReason).toBeUndefined();
    expect(rowsOut.find((r) => r.unitId === fx.sheets[1].unitId)).toMatchObject({ rank: 0, excludedReason: REASON });
    // Excluding is a consolidation write: once published, the phase gate refuses it.
    expect((await exclusion(1)).status).toBe(423);
  });
});
