import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { openTestDataSource, truncateAll } from '../support/database';

interface OrganisationJson {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  aliases: string[];
  kind: string;
  unitGroup: string | null;
  predecessors: string[];
}
interface ErrorJson {
  error: { code: string; messageVi: string };
}

describe('admin organisations and units of an authority', () => {
  let api: TestApi;
  let ds: DataSource;
  let admin: TestSession;
  let other: TestSession;
  let authorityId: number;

  beforeAll(async () => {
    api = await startTestApi();
    ds = await openTestDataSource(api.config);
  });

  beforeEach(async () => {
    await truncateAll(ds);
    const secretariat = await createOrganisation(ds, { code: 'snv', kind: 'secretariat' });
    authorityId = secretariat.authorityId;
    admin = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { roles: ['admin'], organisationId: secretariat.id }),
    );
    const elsewhere = await createOrganisation(ds, { kind: 'secretariat' });
    other = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { roles: ['admin'], organisationId: elsewhere.id }),
    );
  });

  afterAll(async () => {
    await truncateAll(ds);
    await ds.destroy();
    await api.close();
  });

  const send = (session: TestSession, method: string, path: string, body: unknown) =>
    session.fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('should create an assessed unit with its group, aliases and predecessors, and an appraising office', async () => {
    const ward = await send(admin, 'POST', '/api/admin/organisations', {
      code: 'P-Uong-Bi',
      name: 'Ủy ban nhân dân phường Uông Bí',
      shortName: 'Phường Uông Bí',
      aliases: ['UBND phường Uông Bí'],
      unitGroup: 'ward',
      predecessors: ['p-trung-vuong', 'p-quang-trung'],
    });
    expect(ward.status).toBe(201);
    const created = (await ward.json()) as OrganisationJson;
    expect(created).toMatchObject({
      code: 'p-uong-bi',
      kind: 'ward',
      unitGroup: 'ward',
      aliases: ['UBND phường Uông Bí'],
      predecessors: ['p-quang-trung', 'p-trung-vuong'],
    });
    const [unit] = await ds.query('SELECT code, name, unit_group AS g, authority_id AS a FROM units WHERE code = ?', [
      'p-uong-bi',
    ]);
    expect(unit).toEqual({ code: 'p-uong-bi', name: 'Phường Uông Bí', g: 'ward', a: authorityId });

    const office = await send(admin, 'POST', '/api/admin/organisations', {
      code: 'vp',
      name: 'Văn phòng HĐND và UBND thành phố',
    });
    expect(((await office.json()) as OrganisationJson).kind).toBe('appraiser');

    const list = (await (await admin.fetch('/api/admin/organisations')).json()) as OrganisationJson[];
    expect(list.map((o) => o.code)).toEqual(['p-uong-bi', 'snv', 'vp']);

    // The new group has no name yet: null (the screen says "Nhóm chưa đặt tên"), never its key.
    const groups = await (await admin.fetch('/api/admin/unit-groups')).json();
    expect(groups).toEqual([{ key: 'ward', name: null, named: false, units: 1 }]);
  });

  it('should change names, aliases, group and predecessors, and make a unit of an office given a group', async () => {
    const res = await send(admin, 'POST', '/api/admin/organisations', { code: 'tp', name: 'Phòng Tư pháp' });
    const { id } = (await res.json()) as OrganisationJson;
    const changed = await send(admin, 'PATCH', `/api/admin/organisations/${id}`, {
      shortName: 'Tư pháp',
      aliases: ['Phòng TP'],
      unitGroup: 'agency',
      predecessors: ['tp-cu'],
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      name: 'Phòng Tư pháp',
      shortName: 'Tư pháp',
      aliases: ['Phòng TP'],
      unitGroup: 'agency',
      predecessors: ['tp-cu'],
    });
    const again = await send(admin, 'PATCH', `/api/admin/organisations/${id}`, { predecessors: [] });
    expect(((await again.json()) as OrganisationJson).predecessors).toEqual([]);
    const [unit] = await ds.query('SELECT name FROM units WHERE organisation_id = ?', [id]);
    expect(unit.name).toBe('Tư pháp');
  });

  it('should refuse a taken code and predecessors without a group, in Vietnamese', async () => {
    const dup = await send(admin, 'POST', '/api/admin/organisations', { code: 'snv', name: 'Sở Nội vụ' });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as ErrorJson).error).toMatchObject({ code: 'ORGANISATION_CODE_TAKEN' });
    const bad = await send(admin, 'POST', '/api/admin/organisations', {
      code: 'x',
      name: 'X',
      predecessors: ['y'],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorJson).error.messageVi).toMatch(/nhóm đơn vị/);
  });

  it('should answer 404 to another authority’s admin and never list its organisations', async () => {
    const res = await send(admin, 'POST', '/api/admin/organisations', { code: 'kt', name: 'Phòng Kinh tế' });
    const { id } = (await res.json()) as OrganisationJson;
    expect((await other.fetch(`/api/admin/organisations/${id}`)).status).toBe(404);
    expect((await send(other, 'PATCH', `/api/admin/organisations/${id}`, { name: 'Bị đổi' })).status).toBe(404);
    const theirs = (await (await other.fetch('/api/admin/organisations')).json()) as OrganisationJson[];
    expect(theirs.map((o) => o.code)).not.toContain('kt');
    const [row] = await ds.query('SELECT name FROM organisations WHERE id = ?', [id]);
    expect(row.name).toBe('Phòng Kinh tế');
  });
});
