import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { insertSession, resolveSession, revokeSession, revokeUserSessions } from './session.queries';

/** A session found valid for this request. */
export interface ResolvedSession {
  id: string;
  csrfToken: string;
  mustChangePassword: boolean;
  user: SessionUser;
}

export interface NewSession {
  /** Goes into the cookie and nowhere else; only its hash is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
/**
 * last_seen_at is refreshed at most this often (fewer writes; the idle timeout is exact to within these seconds):
 * 10 s, or a tenth of a short test timeout.
 */
export function touchEverySeconds(idleSeconds: number): number {
  return Math.max(1, Math.min(10, Math.floor(idleSeconds / 10)));
}

/**
 * How long a session surely lives after a request without another one: the idle timeout less the touch interval
 * (the request may not have moved last_seen_at). The browser warns before it and pings on activity within it.
 */
export function keepAliveSeconds(idleSeconds: number): number {
  return idleSeconds - touchEverySeconds(idleSeconds);
}

/** Hex SHA-256 of a cookie token: the primary key of its row. */
export function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Server-side sessions in MySQL. Every time comparison uses the database clock (UTC_TIMESTAMP), so api
 * replicas with drifting clocks agree on what has expired.
 */
@Injectable()
export class SessionService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A fresh session (new random id at every login, ASVS 7.2.4) with its own CSRF token. */
  async create(
    userId: number,
    meta: { ip?: string; userAgent?: string },
    manager: EntityManager = this.ds.manager,
  ): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = await insertSession(manager, {
      id: sessionId(token),
      userId,
      csrfToken,
      absoluteHours: this.config.auth.absoluteHours,
      ip: meta.ip?.slice(0, 45) ?? null,
      userAgent: meta.userAgent?.slice(0, 255) ?? null,
    });
    return { token, csrfToken, expiresAt };
  }

  /**
   * The session behind a cookie token if it is still valid — not revoked, within the absolute and the idle
   * timeout, its user active — and marks it as seen. Null otherwise (the caller answers 401).
   */
  async resolve(token: string, options: { touch?: boolean } = {}): Promise<ResolvedSession | null> {
    if (!TOKEN_FORMAT.test(token)) {
      return null;
    }
    const found = await resolveSession(
      this.ds.manager,
      sessionId(token),
      this.config.auth.idleSeconds,
      options.touch === false ? null : touchEverySeconds(this.config.auth.idleSeconds),
    );
    return found ?? null;
  }

  /** Logout: the row stays (for the record) but can never be valid again. */
  async revokeToken(token: string): Promise<void> {
    if (TOKEN_FORMAT.test(token)) {
      await revokeSession(this.ds.manager, sessionId(token));
    }
  }

  /** Every live session of a user (deactivation, password change), optionally sparing the current one. */
  async revokeAllForUser(userId: number, options: { exceptId?: string; manager?: EntityManager } = {}): Promise<void> {
    const manager = options.manager ?? this.ds.manager;
    await revokeUserSessions(manager, userId, options.exceptId ?? '');
  }
}
