import type { Actor } from '@lib/workflow';
import type { AuthenticatedRequest, SessionUser } from './session-user';

/** The audit identity of an HTTP caller: user id, a readable label and the request id. */
export function actorOf(user: SessionUser, req: AuthenticatedRequest): Actor {
  const id = (req as { id?: unknown }).id;
  return { userId: user.id, label: `user:${user.username}`, requestId: typeof id === 'string' ? id : null };
}
