import type { Role } from '@lib/database';
import type { Request } from 'express';

/**
 * The signed-in caller, as the session guard resolved it for this request. Roles and organisation are read
 * from the users row at every request, so a role change or a deactivation takes effect at once.
 */
export interface SessionUser {
  id: number;
  username: string;
  fullName: string;
  organisationId: number;
  /** Authority (tenant) of the user's organisation: the widest scope any role of this user can reach. */
  authorityId: number;
  roles: Role[];
}

/** What the session guard attaches to an authenticated request. */
export interface AuthenticatedRequest extends Request {
  user?: SessionUser;
  session?: { id: string; csrfToken: string; mustChangePassword: boolean };
}
