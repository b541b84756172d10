import { Authority } from './authority.entity';
import { Organisation } from './organisation.entity';
import { Unit } from './unit.entity';
import { User } from './user.entity';
import { Session } from './session.entity';

export { Authority } from './authority.entity';
export { ORGANISATION_KINDS, Organisation, type OrganisationKind } from './organisation.entity';
export { Unit } from './unit.entity';
export { ROLES, User, type Role } from './user.entity';
export { Session } from './session.entity';

/** Every entity, listed explicitly (no globs: the build and the CLI see the same set). */
export const ENTITIES = [Authority, Organisation, Unit, User, Session];
