import type { Actor } from '@lib/workflow';
import type { Request } from 'express';

/**
 * The security events of the tamper-evident audit log (issue 12 item 8). Each is an audit entry in the stream of
 * the user it concerns (`entity_type = 'user'`): the person who signed in, whose password or roles changed, who
 * downloaded a document. A failed login on a name with no account goes to the stream of user 0.
 */
export const SECURITY_ACTIONS = [
  'auth.loginSucceeded',
  'auth.loginFailed',
  'auth.lockedOut',
  'auth.passwordChanged',
  'auth.passwordReset',
  'user.created',
  'user.rolesChanged',
  'user.deactivated',
  'user.reactivated',
  'user.unlocked',
  'evidence.downloaded',
  'export.downloaded',
] as const;

export type SecurityAction = (typeof SECURITY_ACTIONS)[number];

/** The stream of failed logins on names that have no account. */
export const UNKNOWN_USER_ID = 0;

/** Where a request came from, as the audit entry keeps it. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** The caller's address (as TRUST_PROXY resolves it) and user agent, cut to what the log keeps. */
export function clientOf(req: Request): ClientInfo {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 255) ?? null };
}

/** Who asks and from where: what a service needs to audit a security event of an HTTP request. */
export interface AuditContext {
  actor: Actor;
  client: ClientInfo;
}
