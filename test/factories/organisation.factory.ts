import { Authority, Organisation, Unit } from '@lib/database';
import type { DataSource } from 'typeorm';

let sequence = 0;
const next = () => `${process.pid}-${++sequence}`;

/**
 * An organisation row with overrides. Without `authorityId` it gets a fresh authority of its own, so two
 * calls without one build two separate tenants (what authorisation tests want).
 */
export async function createOrganisation(ds: DataSource, overrides: Partial<Organisation> = {}): Promise<Organisation> {
  const n = next();
  const authorityId =
    overrides.authorityId ??
    (await ds.getRepository(Authority).save({ code: `authority-${n}`, name: `UBND thử nghiệm ${n}` })).id;
  return ds.getRepository(Organisation).save({
    code: `org-${n}`,
    name: `Phòng thử nghiệm ${n}`,
    kind: 'agency',
    predecessorId: null,
    ...overrides,
    authorityId,
  });
}

/**
 * An assessed unit with overrides. Without `organisationId` it gets its own organisation (of kind `agency`,
 * or `commune` when `group` is `commune`) in `authorityId` or a fresh authority.
 */
export async function createUnit(ds: DataSource, overrides: Partial<Unit> = {}): Promise<Unit> {
  const n = next();
  const group = overrides.group ?? 'agency';
  const organisation = overrides.organisationId
    ? await ds.getRepository(Organisation).findOneByOrFail({ id: overrides.organisationId })
    : await createOrganisation(ds, {
        kind: group === 'commune' ? 'commune' : 'agency',
        ...(overrides.authorityId ? { authorityId: overrides.authorityId } : {}),
      });
  return ds.getRepository(Unit).save({
    code: `unit-${n}`,
    name: `Đơn vị thử nghiệm ${n}`,
    group,
    predecessorId: null,
    active: true,
    ...overrides,
    authorityId: organisation.authorityId,
    organisationId: organisation.id,
  });
}
