import type { Actor } from '@lib/workflow';
import { clientOf, type AuditContext } from '../security-log/security-events';
import type { AuthenticatedRequest, SessionUser } from './session-user';

/** The audit identity of an HTTP caller: user id, a readable label and the request id. */
export function actorOf(user: SessionUser, req: AuthenticatedRequest): Actor {
  const id = (req as { id?: unknown }).id;
  return { userId: user.id, label: `user:${user.username}`, requestId: typeof id === 'string' ? id : null };
}

/** The actor and where the request came from: what a security event of this request records. */
export function auditContext(user: SessionUser, req: AuthenticatedRequest): AuditContext {
  return { actor: actorOf(user, req), client: clientOf(req) };
}
