import type { DataSource } from 'typeorm';
import { organisationSheet, provinceRows } from '../factories/organisation-sheet';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { openTestDataSource, truncateAll } from '../support/database';

interface ImportJson {
  dryRun: boolean;
  ok: boolean;
  rows: { row: number; code: string; unitGroup: string | null; predecessors: string[]; action: string }[];
  problems: { row: number; column: string | null; code: string; messageVi: string }[];
  created: number;
  updated: number;
}
interface ErrorJson {
  error: { code: string; messageVi: string; details: { problems: ImportJson['problems'] } };
}

/** Issue 15 item 1: organisations and units imported from .xlsx — dry run, all-or-nothing, stored codes updated. */
describe('admin organisations import (.xlsx)', () => {
  let api: TestApi;
  let ds: DataSource;
  let admin: TestSession;
  let authorityId: number;

  beforeAll(async () => {
    api = await startTestApi();
    ds = await openTestDataSource(api.config);
  });

  beforeEach(async () => {
    await truncateAll(ds);
    const secretariat = await createOrganisation(ds, { code: 'vp-ubnd', kind: 'secretariat' });
    authorityId = secretariat.authorityId;
    admin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { roles: ['admin'], organisationId: secretariat.id }),
    );
  });

  afterAll(async () => {
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  const upload = (content: Buffer, dryRun: boolean, session = admin) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)]), 'don-vi.xlsx');
    return session.fetch(`/api/admin/organisations/import?dryRun=${dryRun}`, { method: 'POST', body: form });
  };
  const count = async (): Promise<{ organisations: number; units: number; predecessors: number }> => {
    const [row] = await ds.query(
      `SELECT (SELECT COUNT(*) FROM organisations WHERE authority_id = ?) AS organisations,
              (SELECT COUNT(*) FROM units WHERE authority_id = ?) AS units,
              (SELECT COUNT(*) FROM unit_predecessors p JOIN units u ON u.id = p.unit_id WHERE u.authority_id = ?)
                AS predecessors`,
      [authorityId, authorityId, authorityId],
    );
    return {
      organisations: Number(row.organisations),
      units: Number(row.units),
      predecessors: Number(row.predecessors),
    };
  };

  it('should preview 120 rows without writing, then write them in three groups with predecessors', async () => {
    const sheet = await organisationSheet(provinceRows());
    const preview = await upload(sheet, true);
    expect(preview.status).toBe(200);
    const dry = (await preview.json()) as ImportJson;
    expect(dry).toMatchObject({ dryRun: true, ok: true, problems: [], created: 120, updated: 0 });
    expect(dry.rows).toHaveLength(120);
    // Excel's row numbers: a title row and the header come first.
    expect(dry.rows[0]).toMatchObject({ row: 3, code: 'so-01', unitGroup: 'so-ban-nganh', action: 'create' });
    expect(dry.rows.find((r) => r.code === 'x-100')).toMatchObject({
      row: 122,
      unitGroup: 'xa-dac-khu',
      predecessors: ['cu-100-a', 'cu-100-b'],
    });
    expect(await count()).toEqual({ organisations: 1, units: 0, predecessors: 0 });

    const written = await upload(sheet, false);
    expect(written.status).toBe(200);
    expect((await written.json()) as ImportJson).toMatchObject({ dryRun: false, ok: true, created: 120 });
    expect(await count()).toEqual({ organisations: 121, units: 120, predecessors: 40 });
    const groups = await ds.query(
      'SELECT unit_group AS g, COUNT(*) AS n FROM units WHERE authority_id = ? GROUP BY unit_group ORDER BY g',
      [authorityId],
    );
    expect(groups.map((r: { g: string; n: string }) => [r.g, Number(r.n)])).toEqual([
      ['phuong', 45],
      ['so-ban-nganh', 20],
      ['xa-dac-khu', 55],
    ]);
    // The list shows them, with the aliases a sheet's spelling is matched by.
    const list = (await (await admin.fetch('/api/admin/organisations')).json()) as {
      code: string;
      aliases: string[];
      shortName: string;
    }[];
    expect(list.find((o) => o.code === 'so-01')).toMatchObject({
      shortName: 'Văn phòng HĐND&UBND',
      aliases: ['Văn phòng HĐND và UBND', 'VP UBND'],
    });
  });

  it('should update the stored codes on a second import', async () => {
    const rows = provinceRows();
    expect((await upload(await organisationSheet(rows), false)).status).toBe(200);
    rows[1] = { ...rows[1], name: 'Sở Nội vụ', shortName: '' };
    const again = await upload(await organisationSheet(rows), false);
    expect(again.status).toBe(200);
    expect((await again.json()) as ImportJson).toMatchObject({ created: 0, updated: 120 });
    const [so02] = await ds.query(
      `SELECT o.name, o.short_name AS shortName, u.name AS unitName FROM organisations o
         JOIN units u ON u.organisation_id = o.id WHERE o.authority_id = ? AND o.code = 'so-02'`,
      [authorityId],
    );
    expect(so02).toEqual({ name: 'Sở Nội vụ', shortName: null, unitName: 'Sở Nội vụ' });
    expect(await count()).toEqual({ organisations: 121, units: 120, predecessors: 40 });
  });

  it('should refuse a file with three bad rows with 422 listing all three, and write nothing', async () => {
    const rows = provinceRows();
    rows[4] = { ...rows[4], name: '' }; // Excel row 7: no name
    rows[30] = { ...rows[30], code: rows[29].code }; // row 33 repeats row 32's code
    rows[60] = { ...rows[60], group: 'Cơ quan thẩm định', predecessors: 'cu-a' }; // row 63: predecessors, no group
    const sheet = await organisationSheet(rows);

    const preview = await upload(sheet, true);
    expect(preview.status).toBe(200);
    const dry = (await preview.json()) as ImportJson;
    expect(dry.ok).toBe(false);
    expect(dry.rows).toHaveLength(117);

    const refused = await upload(sheet, false);
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as ErrorJson;
    expect(body.error.code).toBe('ORGANISATION_IMPORT_INVALID');
    expect(body.error.messageVi).toContain('chưa lưu gì');
    expect(body.error.details.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [7, 'name', 'NAME_MISSING'],
      [33, 'code', 'CODE_DUPLICATE'],
      [63, 'predecessors', 'PREDECESSORS_NEED_UNIT_GROUP'],
    ]);
    expect(body.error.details.problems[1].messageVi).toContain('trùng với dòng 32');
    expect(await count()).toEqual({ organisations: 1, units: 0, predecessors: 0 });
  });

  it('should refuse to drop a stored unit out of its group, and answer a file that is no sheet in Vietnamese', async () => {
    const rows = provinceRows();
    expect((await upload(await organisationSheet(rows), false)).status).toBe(200);
    rows[0] = { ...rows[0], group: '' };
    const refused = await upload(await organisationSheet(rows), false);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as ErrorJson).error.details.problems).toMatchObject([
      { row: 3, column: 'group', code: 'GROUP_REMOVED' },
    ]);

    const junk = await upload(Buffer.from('không phải tệp Excel'), true);
    expect(junk.status).toBe(400);
    expect(((await junk.json()) as ErrorJson).error.code).toBe('IMPORT_FILE_UNREADABLE');
    const missing = await admin.fetch('/api/admin/organisations/import', { method: 'POST', body: new FormData() });
    expect(missing.status).toBe(400);
  });

  it('should write into the importing admin’s own authority only', async () => {
    const elsewhere = await createOrganisation(ds, { kind: 'secretariat' });
    const other = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { roles: ['admin'], organisationId: elsewhere.id }),
    );
    expect((await upload(await organisationSheet(provinceRows()), false, other)).status).toBe(200);
    expect(await count()).toEqual({ organisations: 1, units: 0, predecessors: 0 });
    // The same codes are free in this authority.
    const mine = await upload(await organisationSheet(provinceRows()), true);
    expect(((await mine.json()) as ImportJson).created).toBe(120);
  });
});
