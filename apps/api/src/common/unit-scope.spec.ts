import type { SessionUser } from './session-user';
import { toPositional, unitScope } from './unit-scope';

const user = (roles: SessionUser['roles']): SessionUser => ({
  id: 1,
  username: 'u',
  fullName: 'U',
  organisationId: 7,
  authorityId: 3,
  roles,
});

describe(unitScope.name, () => {
  it('should give authority-wide roles every unit of their authority', () => {
    for (const role of ['admin', 'leader', 'council_member', 'viewer'] as const) {
      expect(unitScope(user([role])).sql).toBe('unit.authority_id = :scopeAuthorityId');
    }
  });

  it('should restrict a unit officer to the units of their organisation', () => {
    expect(unitScope(user(['unit_officer']), { alias: 'u' })).toEqual({
      sql: '(u.authority_id = :scopeAuthorityId AND (u.organisation_id = :scopeOrganisationId))',
      params: { scopeAuthorityId: 3, scopeOrganisationId: 7 },
    });
  });

  it('should give appraisers and supervisors no unit (they reach sheets through their tasks only)', () => {
    expect(unitScope(user(['appraiser'])).sql).toBe('1 = 0');
    expect(unitScope(user(['supervisor'])).sql).toBe('1 = 0');
    expect(unitScope(user([])).sql).toBe('1 = 0');
    expect(unitScope(user(['supervisor', 'unit_officer'])).sql).toBe(
      '(unit.authority_id = :scopeAuthorityId AND (unit.organisation_id = :scopeOrganisationId))',
    );
  });

  it('should turn named parameters into positional ones in order', () => {
    const scope = unitScope(user(['unit_officer']));
    expect(toPositional(scope)).toEqual({
      sql: '(unit.authority_id = ? AND (unit.organisation_id = ?))',
      values: [3, 7],
    });
  });
});
