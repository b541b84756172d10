import { leaves } from '@lib/criteria';
import { DATA_SOURCE, write } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createOrganisation } from '../factories/organisation.factory';
import { createUser } from '../factories/user.factory';
import { makeSignedPdf, makeUnsignedPdf } from '../fixtures/pdf/make-pdfs';
import { startTestApi, type TestApi } from '../support/apps';
import { requestReportJob } from '../support/reports';
import { truncateAll } from '../support/database';

const REF = {
  documentType: 'KH',
  documentNumber: '15/KH-UBND',
  issuedOn: '15/01/2023',
  issuingBody: 'UBND phường Yên Thanh',
  summary: 'Kế hoạch cải cách hành chính',
};

/**
 * Issue 12, item 4: an appraiser reaches a sheet only through a task of theirs (campaign × unit × content area),
 * and only the documents of that area's leaves. An organisation that appraised a unit in one campaign reads
 * nothing of that unit in the next campaign (its draft), nor documents of another content area.
 */
describe('appraiser scope: through a task, never per unit', () => {
  let api: TestApi;
  let ds: DataSource;
  let first: SheetFixture;
  let next: SheetFixture;
  let appraiser: TestSession;
  let taskId: number;
  const evidence: Record<'mine' | 'otherArea' | 'nextCampaign', number> = { mine: 0, otherArea: 0, nextCampaign: 0 };

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    const runner = api.app.get(WorkflowRunner);
    first = await createSheets(ds, runner, { units: 1 });
    next = await createSheets(ds, runner, { nextCampaignOf: first });
    const all = leaves(first.set);
    const area = all[0].contentArea!;
    const inArea = all.find((l) => l.contentArea === area)!;
    const elsewhere = all.find((l) => l.contentArea && l.contentArea !== area)!;
    expect(elsewhere).toBeDefined();

    // The unit's officer uploads one document per leaf: two in campaign 1 (two areas), one in campaign 2.
    const officer = await createSession(ds, api.config, api.url, first.sheets[0].officer);
    // Two different files: the same file twice on one sheet is one document linked to both leaves.
    const [signed, unsigned] = [await makeSignedPdf(), await makeUnsignedPdf()];
    const upload = async (sheetId: number, code: string, pdf = signed) => {
      const f = new FormData();
      f.append('criterionCodes', code);
      for (const [k, v] of Object.entries(REF)) {
        f.append(k, v);
      }
      f.append('file', new Blob([pdf], { type: 'application/pdf' }), `${code}.pdf`);
      const res = await officer.fetch(`/api/sheets/${sheetId}/evidence`, { method: 'POST', body: f });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: number }).id;
    };
    evidence.mine = await upload(first.sheets[0].id, inArea.code);
    evidence.otherArea = await upload(first.sheets[0].id, elsewhere.code, unsigned);
    evidence.nextCampaign = await upload(next.sheets[0].id, inArea.code);
    expect(new Set(Object.values(evidence)).size).toBe(3);

    // Campaign 1: the appraising organisation has the task of that unit's sheet for one content area.
    const org = await createOrganisation(ds, { authorityId: first.authorityId });
    const user = await createUser(ds, { organisationId: org.id, roles: ['appraiser', 'supervisor'] });
    const columns = WorkflowRunner.newInstanceColumns('appraisalTask');
    taskId = (
      await write(
        ds.manager,
        `INSERT INTO appraisal_tasks (campaign_id, sheet_id, unit_id, content_area, assignee_user_id, due_at, machine_id, machine_version, state, snapshot, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'inReview', '{}', 1)`,
        [
          first.campaignId,
          first.sheets[0].id,
          first.sheets[0].unitId,
          area,
          user.id,
          new Date(Date.now() + 86_400_000),
          columns.machine_id,
          columns.machine_version,
        ],
      )
    ).insertId;
    await write(ds.manager, 'INSERT INTO appraisal_task_candidates (task_id, organisation_id) VALUES (?, ?)', [
      taskId,
      org.id,
    ]);
    appraiser = await createSession(ds, api.config, api.url, user);
  });
  afterAll(() => api.close());

  it('should open the documents of its task’s content area', async () => {
    for (const kind of ['view', 'download']) {
      const res = await appraiser.fetch(`/api/evidence/${evidence.mine}/${kind}`);
      expect([kind, res.status]).toEqual([kind, 200]);
      await res.arrayBuffer();
    }
  });

  it('should answer 404 for the same unit’s sheet, documents and export in the next campaign (a draft)', async () => {
    const next0 = next.sheets[0].id;
    for (const path of [
      `/api/sheets/${next0}`,
      `/api/sheets/${next0}/export.xlsx`,
      `/api/evidence/${evidence.nextCampaign}/view`,
      `/api/evidence/${evidence.nextCampaign}/download`,
    ]) {
      const res = await appraiser.fetch(path);
      expect([path, res.status]).toEqual([path, 404]);
      await res.arrayBuffer();
    }
    // The sheet's evidence ZIP is a report job: asking for it is refused like reading the sheet.
    const zip = await requestReportJob(appraiser, next.campaignId, { kind: 'evidence-zip', subjectId: next0 });
    expect(zip.status).toBe(404);
    const listed = await appraiser.fetch(`/api/sheets?campaignId=${next.campaignId}`);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([]);
  });

  it('should answer 404 for a document of another content area, and for the whole sheet outside the task page', async () => {
    for (const path of [
      `/api/evidence/${evidence.otherArea}/view`,
      `/api/evidence/${evidence.otherArea}/download`,
      `/api/sheets/${first.sheets[0].id}`,
      `/api/sheets/${first.sheets[0].id}/export.xlsx`,
    ]) {
      const res = await appraiser.fetch(path);
      expect([path, res.status]).toEqual([path, 404]);
      await res.arrayBuffer();
    }
    const zip = await requestReportJob(appraiser, first.campaignId, {
      kind: 'evidence-zip',
      subjectId: first.sheets[0].id,
    });
    expect(zip.status).toBe(404);
    // What the task page needs comes from the task itself: its area's leaves only.
    const task = await appraiser.fetch(`/api/appraisal/tasks/${taskId}`);
    expect(task.status).toBe(200);
    const body = (await task.json()) as { contentArea: string; leaves: Array<{ code: string }> };
    const areaCodes = leaves(first.set)
      .filter((l) => l.contentArea === body.contentArea)
      .map((l) => l.code);
    expect(body.leaves.map((l) => l.code).sort()).toEqual([...areaCodes].sort());
  });
});
