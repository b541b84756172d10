import { DATA_SOURCE, rows } from '@lib/database';
import { type Actor } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../apps/api/src/campaigns/campaign-seed.service';
import { createSession, type TestSession } from './factories/session.factory';
import { createUser } from './factories/user.factory';
import { startTestApi, type TestApi } from './support/apps';
import { truncateAll } from './support/database';

interface NodeJson {
  code: string;
  leaf: boolean;
  maxPoints: number;
  ruleKind?: string;
  ruleText?: string;
  contentArea?: string;
  contentAreaName?: string;
  contentAreaInherited: boolean;
  evidenceHint?: string;
}
interface DetailJson {
  id: number;
  code: string;
  version: number;
  usedBy: number;
  nodes: NodeJson[];
}

const system: Actor = { userId: null, label: 'system:test' };

describe('criteria sets API (list, one version, edits as a new version)', () => {
  let api: TestApi;
  let ds: DataSource;
  let admin: TestSession;
  let used: DetailJson;

  const patch = (id: number, body: unknown, session = admin) =>
    session.fetch(`/api/admin/criteria-sets/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    await api.app.get(CampaignSeedService).seedFromPlan({ planKey: 'uong-bi-2023', actor: system });
    const [nv] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'nv'");
    admin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { roles: ['admin'], organisationId: nv.id }),
    );
    const list = (await (await admin.fetch('/api/admin/criteria-sets')).json()) as Array<{
      id: number;
      code: string;
    }>;
    const agency = list.find((s) => s.code === 'agency-sample')!;
    used = (await (await admin.fetch(`/api/admin/criteria-sets/${agency.id}`)).json()) as DetailJson;
  }, 120_000);
  afterAll(async () => {
    await truncateAll(ds);
    await api.close();
  });

  it('should show one version with every node, its rule as text and its use by the campaign', () => {
    expect(used).toMatchObject({ code: 'agency-sample', version: 1 });
    expect(used.usedBy).toBeGreaterThan(0);
    const leaves = used.nodes.filter((n) => n.leaf);
    expect(leaves.length).toBeGreaterThan(10);
    expect(leaves.every((n) => n.ruleKind && n.ruleText && n.contentArea)).toBe(true);
    // An area is named in the campaign's wording, never only by its key (the edit form shows an inherited one).
    const inherited = used.nodes.find((n) => n.contentAreaInherited && n.contentArea === 'chi-dao-dieu-hanh');
    expect(inherited?.contentAreaName).toBe('Công tác chỉ đạo, điều hành CCHC');
    expect(used.nodes.filter((n) => n.contentArea && !n.contentAreaName)).toEqual([]);
  });

  it('should refuse to change a version a campaign uses, in Vietnamese, offering a new version', async () => {
    const leaf = used.nodes.find((n) => n.leaf)!;
    const res = await patch(used.id, { edits: [{ code: leaf.code, evidenceHint: 'Báo cáo năm' }] });
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as { error: { code: string; messageVi: string } };
    expect(error.code).toBe('CRITERIA_SET_IN_USE');
    expect(error.messageVi).toContain('Tạo phiên bản mới');
  });

  it('should refuse an edit the validation rejects with every problem and store nothing', async () => {
    const leaf = used.nodes.find((n) => n.leaf)!;
    const res = await patch(used.id, {
      newVersion: true,
      edits: [
        { code: leaf.code, maxPoints: String(leaf.maxPoints + 1) },
        { code: '99.1', evidenceHint: 'x' },
      ],
    });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; details: { problems: Array<{ kind: string }> } } };
    expect(error.code).toBe('CRITERIA_EDIT_INVALID');
    expect(error.details.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['sum-mismatch', 'unknown-code']));
    const [n] = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM criteria_sets WHERE code = 'agency-sample'",
    );
    expect(Number(n.n)).toBe(1);
  });

  it('should store the fixes as version 2, audited, while the campaign keeps version 1', async () => {
    const leaf = used.nodes.find((n) => n.leaf && n.maxPoints >= 1)!;
    const rule = `Đạt: ${String(leaf.maxPoints).replace('.', ',')}; Không đạt: 0`;
    const res = await patch(used.id, {
      newVersion: true,
      edits: [{ code: leaf.code, ruleText: rule, evidenceHint: 'Báo cáo có ký số', contentArea: 'noiVu' }],
    });
    expect(res.status).toBe(200);
    const stored = (await res.json()) as { id: number; version: number; created: boolean };
    expect(stored).toMatchObject({ version: 2, created: true });
    const v2 = (await (await admin.fetch(`/api/admin/criteria-sets/${stored.id}`)).json()) as DetailJson;
    expect(v2.usedBy).toBe(0);
    expect(v2.nodes.find((n) => n.code === leaf.code)).toMatchObject({
      ruleKind: 'levels',
      ruleText: rule,
      evidenceHint: 'Báo cáo có ký số',
      contentArea: 'noiVu',
    });
    const v1 = (await (await admin.fetch(`/api/admin/criteria-sets/${used.id}`)).json()) as DetailJson;
    expect(v1.nodes.find((n) => n.code === leaf.code)!.evidenceHint).not.toBe('Báo cáo có ký số');
    const audit = await rows<{ data: string }>(
      ds.manager,
      "SELECT data FROM audit_log WHERE action = 'criteriaSet.edited' AND entity_id = ?",
      [stored.id],
    );
    expect(audit).toHaveLength(1);
    // An unused version is edited without the flag.
    const again = await patch(stored.id, { edits: [{ code: leaf.code, evidenceHint: 'Báo cáo' }] });
    expect(((await again.json()) as { version: number }).version).toBe(3);
  });

  it('should answer 404 to another authority’s admin on every criteria set route', async () => {
    const other = await createSession(ds, api.config, api.url, await createUser(ds, { roles: ['admin'] }));
    expect((await other.fetch(`/api/admin/criteria-sets/${used.id}`)).status).toBe(404);
    expect((await patch(used.id, { newVersion: true, edits: [{ code: '1', evidenceHint: 'x' }] }, other)).status).toBe(
      404,
    );
    expect((await other.fetch(`/api/admin/criteria-sets/${used.id}/export.xlsx`)).status).toBe(404);
    expect(((await (await other.fetch('/api/admin/criteria-sets')).json()) as unknown[]).length).toBe(0);
  });
});
