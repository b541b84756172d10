import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { configDataPath } from '@config';
import { exportCriteriaXlsx, importCriteriaXlsx, loadCriteriaSetYaml, type CriteriaSet } from '@lib/criteria';
import { DATA_SOURCE, rows } from '@lib/database';
import { type Actor } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../apps/api/src/campaigns/campaign-seed.service';
import { createSession, type TestSession } from './factories/session.factory';
import { createUser } from './factories/user.factory';
import { startTestApi, type TestApi } from './support/apps';
import { truncateAll } from './support/database';

interface ProblemJson {
  severity: string;
  kind: string;
  message: string;
  messageVi: string;
  code?: string;
  row?: number;
  line?: number;
}
interface ImportJson {
  dryRun: boolean;
  ok: boolean;
  format: string;
  set?: { key: string; title: string; unitGroup?: string };
  tree: Array<{ code: string; maxPoints: number; children: unknown[] }>;
  totals?: { total: number; declared: number; leaves: number; fields: Array<{ code: string; maxPoints: number }> };
  problems: ProblemJson[];
  text: string;
  stored?: { id: number; version: number; created: boolean };
}

const system: Actor = { userId: null, label: 'system:test' };

async function workbook(data: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục I');
  data.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = [
  'STT',
  'Lĩnh vực/Tiêu chí/TCTP',
  'Điểm tối đa',
  'Hướng dẫn chấm',
  'Tài liệu kiểm chứng',
  'Cơ quan thẩm định',
];

describe('criteria import API (dry run, versioned store, export)', () => {
  let api: TestApi;
  let ds: DataSource;
  let admin: TestSession;
  let campaignId: number;
  let sample: CriteriaSet;

  const upload = (session: TestSession, body: Buffer | string, fileName: string, query: string) => {
    const form = new FormData();
    form.append('file', new Blob([typeof body === 'string' ? body : new Uint8Array(body)]), fileName);
    return session.fetch(`/api/admin/criteria/import${query}`, { method: 'POST', body: form });
  };
  const versions = async (code: string) =>
    (
      await rows<{ version: number }>(ds.manager, 'SELECT version FROM criteria_sets WHERE code = ? ORDER BY version', [
        code,
      ])
    ).map((r) => r.version);

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    campaignId = (await api.app.get(CampaignSeedService).seedFromPlan({ planKey: 'uong-bi-2023', actor: system })).id;
    const [nv] = await rows<{ id: number }>(ds.manager, "SELECT id FROM organisations WHERE code = 'nv'");
    admin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { roles: ['admin'], organisationId: nv.id }),
    );
    const loaded = loadCriteriaSetYaml(readFileSync(configDataPath('catalogs', 'agency-sample.yaml'), 'utf8'));
    if (!loaded.ok) {
      throw new Error('agency-sample must load');
    }
    sample = loaded.value;
  }, 120_000);
  afterAll(async () => {
    await truncateAll(ds);
    await api.close();
  });

  it('should list every problem of a malformed sheet with its row number, in Vietnamese and English, and store nothing', async () => {
    const bad = await workbook([
      ['PHỤ LỤC I — Bộ tiêu chí (thử nghiệm)'],
      HEADER,
      ['1', 'Công tác chỉ đạo, điều hành', 5, null, null, 'chi-dao'],
      ['1.1', 'Kế hoạch CCHC', 1, 'Ký trước ngày 01/02: 1; sau hạn: 0,5; không có: 0', 'Kế hoạch', null],
      ['1.2', 'Tỷ lệ hồ sơ đúng hạn', 'hai điểm', '≥ 100%: 2; còn lại: 0', null, null],
      ['1.1', 'Báo cáo CCHC (trùng mã)', 1, 'Đủ, đúng hạn: 1; không: 0', null, null],
      [null, 'Tổng cộng', 5],
    ]);
    const before = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM criteria_sets');

    const dry = await upload(admin, bad, 'phu-luc-loi.xlsx', '?unitGroup=agency');
    expect(dry.status).toBe(200);
    const preview = (await dry.json()) as ImportJson;
    expect(preview.dryRun).toBe(true);
    expect(preview.ok).toBe(false);
    // The same problems as the library's dry run, every one located on its row.
    const direct = await importCriteriaXlsx(bad, { key: 'phu-luc-loi', unitGroup: 'agency' });
    expect(preview.problems.length).toBe(direct.problems.length);
    expect(preview.problems.length).toBeGreaterThanOrEqual(3);
    for (const p of preview.problems) {
      expect(p.row).toBeGreaterThan(0);
      expect(p.message.length).toBeGreaterThan(5);
      expect(p.messageVi.length).toBeGreaterThan(5);
    }
    const rowsWithProblems = new Set(preview.problems.map((p) => p.row));
    expect(rowsWithProblems.has(5)).toBe(true); // text in a points cell
    expect(rowsWithProblems.has(6)).toBe(true); // duplicate code
    expect(preview.problems.some((p) => p.kind === 'duplicate-code' && p.row === 6)).toBe(true);
    expect(preview.text).toContain('dòng 5');

    const real = await upload(admin, bad, 'phu-luc-loi.xlsx', '?unitGroup=agency&dryRun=false');
    expect(real.status).toBe(400);
    const body = (await real.json()) as {
      error: { code: string; messageVi: string; details: { problems: ProblemJson[] } };
    };
    expect(body.error.code).toBe('CRITERIA_IMPORT_INVALID');
    expect(body.error.messageVi).toContain('chưa lưu');
    expect(body.error.details.problems.length).toBe(preview.problems.length);

    const missingColumn = await workbook([
      ['STT', 'Lĩnh vực/Tiêu chí/TCTP', 'Hướng dẫn chấm'],
      ['1', 'Công tác chỉ đạo', null],
    ]);
    const missing = (await (
      await upload(admin, missingColumn, 'thieu-cot.xlsx', '?unitGroup=agency')
    ).json()) as ImportJson;
    expect(missing.ok).toBe(false);
    expect(missing.problems.length).toBeGreaterThan(0);
    expect(missing.problems[0].row ?? missing.problems[0].message).toBeTruthy();

    const after = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM criteria_sets');
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('should preview a good sheet against the campaign routing, store version 2 only with dryRun=false, and export it back', async () => {
    expect(await versions('agency-sample')).toEqual([1]);
    const changed: CriteriaSet = { ...sample, title: `${sample.title} — bản sửa đổi 2024` };
    const xlsx = Buffer.from(await exportCriteriaXlsx(changed));

    const dry = await upload(admin, xlsx, 'agency-sample.xlsx', `?campaignId=${campaignId}`);
    expect(dry.status).toBe(200);
    const preview = (await dry.json()) as ImportJson;
    expect(preview.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(preview.ok).toBe(true);
    expect(preview.set).toMatchObject({ key: 'agency-sample', unitGroup: 'agency' });
    expect(preview.totals).toMatchObject({ total: 100, declared: 100 });
    expect(preview.totals!.fields.reduce((a, f) => a + f.maxPoints, 0)).toBeCloseTo(100, 6);
    expect(preview.tree.length).toBe(sample.nodes.length);
    expect(preview.stored).toBeUndefined();
    expect(await versions('agency-sample')).toEqual([1]);

    const real = await upload(admin, xlsx, 'agency-sample.xlsx', `?campaignId=${campaignId}&dryRun=false`);
    expect(real.status).toBe(200);
    const stored = ((await real.json()) as ImportJson).stored!;
    expect(stored).toMatchObject({ version: 2, created: true });
    expect(await versions('agency-sample')).toEqual([1, 2]);

    // The same definition again is not a new version.
    const again = (await (
      await upload(admin, xlsx, 'agency-sample.xlsx', `?campaignId=${campaignId}&dryRun=false`)
    ).json()) as ImportJson;
    expect(again.stored).toEqual({ id: stored.id, version: 2, created: false });

    const list = (await (await admin.fetch('/api/admin/criteria-sets')).json()) as Array<{
      id: number;
      version: number;
    }>;
    expect(list.some((s) => s.id === stored.id && s.version === 2)).toBe(true);

    const exported = await admin.fetch(`/api/admin/criteria-sets/${stored.id}/export.xlsx`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('spreadsheetml');
    const back = await importCriteriaXlsx(new Uint8Array(await exported.arrayBuffer()));
    expect(back.ok).toBe(true);
    expect(back.ok && back.value.title).toBe(changed.title);
  });

  it('should import the YAML form with line numbers for its problems', async () => {
    const text = readFileSync(configDataPath('catalogs', 'agency-sample.yaml'), 'utf8').replace(
      /^key: agency-sample$/m,
      'key: agency-yaml-test',
    );
    const ok = (await (await upload(admin, text, 'bo.yaml', '')).json()) as ImportJson;
    expect(ok.format).toBe('yaml');
    expect(ok.ok).toBe(true);
    const broken = text.replace(/maxPoints: ([0-9.]+)/, 'maxPoints: nhiều');
    const bad = (await (await upload(admin, broken, 'bo.yaml', '')).json()) as ImportJson;
    expect(bad.ok).toBe(false);
    expect(bad.problems.every((p) => (p.line ?? 0) > 0 || p.row === undefined)).toBe(true);
    expect(bad.problems.some((p) => (p.line ?? 0) > 0)).toBe(true);
  });

  it('should answer 404 for another authority’s campaign or set, and 403 for a non-admin', async () => {
    const otherAdmin = await createSession(ds, api.config, api.url, await createUser(ds, { roles: ['admin'] }));
    const xlsx = Buffer.from(await exportCriteriaXlsx(sample));
    const res = await upload(otherAdmin, xlsx, 'agency-sample.xlsx', `?campaignId=${campaignId}`);
    expect(res.status).toBe(404);
    const [set] = await rows<{ id: number }>(ds.manager, 'SELECT id FROM criteria_sets ORDER BY id LIMIT 1');
    expect((await otherAdmin.fetch(`/api/admin/criteria-sets/${set.id}/export.xlsx`)).status).toBe(404);
    const officer = await createSession(ds, api.config, api.url, await createUser(ds, { roles: ['unit_officer'] }));
    expect((await upload(officer, xlsx, 'agency-sample.xlsx', '')).status).toBe(403);
    expect((await admin.fetch(`/api/admin/criteria/import`, { method: 'POST' })).status).toBe(400);
  });
});
