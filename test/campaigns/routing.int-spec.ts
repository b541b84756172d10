/**
 * Issue 15 item 4, the api under the wizard's routing step: a criteria set imported from .xlsx outside any campaign
 * names its appraisers in words; the suggestion matches them to the authority's organisations (the start of a name,
 * several per cell), proposes last campaign's choice for areas routed before, and lists the names matching none or
 * several. A campaign whose sets have an area without an organisation is refused at that area (nothing created);
 * routed, a sheet of it becomes one task per area — two organisations sharing one.
 */
import { rows, DATA_SOURCE } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { RoutingService } from '../../apps/worker/src/worker.factory';
import { communeSheetNamingAppraisers } from '../factories/criteria-sheet';
import { signIn, type TestSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';

const system = { userId: null, label: 'system:test' };
const json = { 'content-type': 'application/json' };

interface Area {
  code: string;
  name: string;
  appraisers: string[];
  source: string;
  unresolved: { text: string; kind: string; candidates: string[]; messageVi: string }[];
}

describe('routing editor api', () => {
  let api: TestApi;
  let ds: DataSource;
  let session: TestSession;

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
  });
  afterAll(async () => {
    await truncateAll(ds);
    await api.close();
  });

  it('suggests appraisers from the sheet and last campaign, refuses an unrouted area, and routes what it created', async () => {
    const seeded = await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      selfAssessmentDueAt: new Date(Date.now() + 3 * 86_400_000),
      actor: system,
    });
    const [nv] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'nv'");
    session = await signIn(api.url, await createUser(ds, { roles: ['admin'], organisationId: nv.id }));

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await communeSheetNamingAppraisers())]), 'Phu luc II xa phuong.xlsx');
    const imported = await session.fetch('/api/admin/criteria/import?dryRun=false&unitGroup=commune&key=xa-2025', {
      method: 'POST',
      body: form,
    });
    expect(imported.status).toBe(200);
    const communeSetId = ((await imported.json()) as { stored: { id: number } }).stored.id;
    const [agencySet] = await rows<{ id: number }>(
      ds.manager,
      "SELECT id FROM criteria_sets WHERE unit_group = 'agency' ORDER BY id LIMIT 1",
    );

    const suggest = (criteriaSetIds: number[]) =>
      session.fetch('/api/admin/campaigns/routing-suggestion', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ criteriaSetIds }),
      });
    const res = await suggest([agencySet.id, communeSetId]);
    expect(res.status).toBe(200);
    const areas = (await res.json()) as Area[];
    const byCode = new Map(areas.map((a) => [a.code, a]));
    // The seeded campaign routed the sample set's areas: proposed again, by their names.
    expect(byCode.get('tiep-cong-dan')).toMatchObject({
      name: 'Tiếp công dân, giải quyết khiếu nại, tố cáo',
      appraisers: ['btcd', 'ttr'],
      source: 'previous',
    });
    // "Văn phòng HĐND và UBND" is the start of "… thành phố"; "Trung tâm" could be two centres.
    expect(byCode.get('van-phong-hdnd-va-ubnd-trung-tam')).toMatchObject({
      name: 'Văn phòng HĐND và UBND + Trung tâm',
      appraisers: ['vp'],
      unresolved: [{ text: 'Trung tâm', kind: 'ambiguous', candidates: ['tthcc', 'ttvh'] }],
    });
    expect(byCode.get('phong-noi-vu-phong-tu-phap')).toMatchObject({ appraisers: ['nv', 'tp'], unresolved: [] });
    const unknown = byCode.get('so-xay-dung')!;
    expect(unknown.appraisers).toEqual([]);
    expect(unknown.unresolved[0].messageVi).toContain('"Sở Xây dựng" không khớp cơ quan nào');
    // A set that is not the authority's: 404, as any object of another authority.
    expect((await suggest([999_999])).status).toBe(404);

    const definition = (await (await session.fetch(`/api/admin/campaigns/${seeded.id}/definition`)).json()) as {
      groups: { key: string }[];
    };
    const routed = areas.filter((a) => a.appraisers.length).map((a) => ({ ...a, unresolved: undefined }));
    const post = (routing: unknown[]) =>
      session.fetch('/api/admin/campaigns', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          definition: {
            ...definition,
            code: 'uong-bi-2025',
            year: 2025,
            groups: definition.groups.map((g) => (g.key === 'commune' ? { ...g, criteriaSetId: communeSetId } : g)),
            routing: routing.map((a) => {
              const { code, name, appraisers } = a as Area;
              return { code, name, appraisers };
            }),
          },
        }),
      });
    const refused = await post(routed);
    expect(refused.status).toBe(422);
    const problems = (
      (await refused.json()) as { error: { details: { problems: { field: string; messageVi: string }[] } } }
    ).error.details.problems;
    expect(problems).toEqual([
      {
        field: 'routing.so-xay-dung',
        message: expect.any(String),
        messageVi:
          'Nội dung thẩm định "Sở Xây dựng" chưa có cơ quan thẩm định: chọn ít nhất một cơ quan ở bước "Phân công thẩm định".',
      },
    ]);
    const [count] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM campaigns');
    expect(Number(count.n)).toBe(1);

    const created = await post([...routed, { ...unknown, appraisers: ['qldt'] }]);
    expect(created.status).toBe(201);
    const campaignId = ((await created.json()) as { id: number }).id;

    // A commune's sheet of the new campaign routes: one task per area, the shared area's to both organisations.
    const [sheet] = await rows<{ id: number }>(
      ds.manager,
      `SELECT s.id FROM score_sheets s JOIN units u ON u.id = s.unit_id
        WHERE s.campaign_id = ? AND u.code = 'p-bac-son'`,
      [campaignId],
    );
    const routing = new RoutingService(api.app.get(WorkflowRunner));
    expect((await routing.routeSheet(sheet.id)).created).toBe(3);
    const tasks = await rows<{ content_area: string; orgs: string }>(
      ds.manager,
      `SELECT t.content_area, GROUP_CONCAT(o.code ORDER BY o.code) AS orgs
         FROM appraisal_tasks t
         JOIN appraisal_task_candidates c ON c.task_id = t.id
         JOIN organisations o ON o.id = c.organisation_id
        WHERE t.sheet_id = ? GROUP BY t.content_area ORDER BY t.content_area`,
      [sheet.id],
    );
    expect(tasks).toEqual([
      { content_area: 'phong-noi-vu-phong-tu-phap', orgs: 'nv,tp' },
      { content_area: 'so-xay-dung', orgs: 'qldt' },
      { content_area: 'van-phong-hdnd-va-ubnd-trung-tam', orgs: 'vp' },
    ]);
  });
});
