import { SetMetadata } from '@nestjs/common';
import type { Role } from '@lib/database';

export const REQUIRED_ROLES = 'par-index:roles';

/**
 * The caller needs at least one of these roles (checked by the global session guard; 403 otherwise).
 * Roles gate *actions*; which *objects* a caller may see is decided in the query (see `unitScope`).
 */
export const Roles = (...roles: Role[]): ClassDecorator & MethodDecorator => SetMetadata(REQUIRED_ROLES, roles);
