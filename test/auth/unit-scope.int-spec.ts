import { Unit } from '@lib/database';
import type { DataSource } from 'typeorm';
import { toPositional, unitScope, type SessionUser } from '../../apps/api/src/app.factory';
import { createOrganisation, createUnit } from '../factories/organisation.factory';
import { openTestDataSource, truncateAll } from '../support/database';

describe('unitScope against MySQL', () => {
  let ds: DataSource;
  let units: { a: Unit; b: Unit; foreign: Unit };

  beforeAll(async () => {
    ds = await openTestDataSource();
    await truncateAll(ds);
    const orgA = await createOrganisation(ds);
    const a = await createUnit(ds, { organisationId: orgA.id });
    const b = await createUnit(ds, { authorityId: orgA.authorityId });
    const foreign = await createUnit(ds);
    units = { a, b, foreign };
  });

  afterAll(async () => {
    await truncateAll(ds);
    await ds.destroy();
  });

  const caller = (roles: SessionUser['roles'], unit: Unit): SessionUser => ({
    id: 1,
    username: 'x',
    fullName: 'X',
    organisationId: unit.organisationId,
    authorityId: unit.authorityId,
    roles,
  });

  const visible = async (user: SessionUser) => {
    const scope = unitScope(user, { alias: 'unit' });
    const rows = await ds.getRepository(Unit).createQueryBuilder('unit').where(scope.sql, scope.params).getMany();
    return rows.map((u) => u.id).sort();
  };

  it('should show a unit officer only their own unit, and the viewer the whole authority', async () => {
    expect(await visible(caller(['unit_officer'], units.a))).toEqual([units.a.id]);
    expect(await visible(caller(['viewer'], units.a))).toEqual([units.a.id, units.b.id].sort());
    expect(await visible(caller(['admin'], units.foreign))).toEqual([units.foreign.id]);
  });

  it('should show an appraiser no unit (sheets are reached through tasks: test/auth/appraiser-scope.int-spec.ts)', async () => {
    expect(await visible(caller(['appraiser'], units.a))).toEqual([]);
    expect(await visible(caller(['supervisor'], units.a))).toEqual([]);
  });

  it('should work with raw SQL through toPositional', async () => {
    const { sql, values } = toPositional(unitScope(caller(['unit_officer'], units.a)));
    const rows = await ds.query<Array<{ id: number }>>(`SELECT unit.id FROM units unit WHERE ${sql}`, values);
    expect(rows.map((r) => r.id)).toEqual([units.a.id]);
  });
});
