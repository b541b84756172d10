import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE, type Role } from '@lib/database';
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';

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

interface SessionRow {
  id: string;
  csrfToken: string;
  userId: number;
  username: string;
  fullName: string;
  organisationId: number;
  authorityId: number;
  roles: string;
  mustChangePassword: number;
}

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
/** last_seen_at is refreshed at most this often: fewer writes, idle timeout exact to within these seconds. */
const TOUCH_EVERY_SECONDS = 10;

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
    // Housekeeping without a job: a user's long-dead rows go when they sign in again.
    await manager.query('DELETE FROM sessions WHERE user_id = ? AND expires_at < UTC_TIMESTAMP(6) - INTERVAL 7 DAY', [
      userId,
    ]);
    await manager.query(
      `INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES (?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL ? HOUR, ?, ?)`,
      [
        sessionId(token),
        userId,
        csrfToken,
        this.config.auth.absoluteHours,
        meta.ip?.slice(0, 45) ?? null,
        meta.userAgent?.slice(0, 255) ?? null,
      ],
    );
    const [row] = await manager.query<Array<{ expiresAt: Date }>>(
      'SELECT expires_at AS expiresAt FROM sessions WHERE id = ?',
      [sessionId(token)],
    );
    return { token, csrfToken, expiresAt: row.expiresAt };
  }

  /**
   * The session behind a cookie token if it is still valid — not revoked, within the absolute and the idle
   * timeout, its user active — and marks it as seen. Null otherwise (the caller answers 401).
   */
  async resolve(token: string): Promise<ResolvedSession | null> {
    if (!TOKEN_FORMAT.test(token)) {
      return null;
    }
    const id = sessionId(token);
    const [row] = await this.ds.query<SessionRow[]>(
      `SELECT s.id, s.csrf_token AS csrfToken, u.id AS userId, u.username, u.full_name AS fullName,
              u.organisation_id AS organisationId, o.authority_id AS authorityId, u.roles,
              u.must_change_password AS mustChangePassword
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         JOIN organisations o ON o.id = u.organisation_id
        WHERE s.id = ? AND s.revoked_at IS NULL AND u.active = 1
          AND s.expires_at > UTC_TIMESTAMP(6)
          AND s.last_seen_at > UTC_TIMESTAMP(6) - INTERVAL ? MINUTE`,
      [id, this.config.auth.idleMinutes],
    );
    if (!row) {
      return null;
    }
    await this.ds.query(
      'UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) WHERE id = ? AND last_seen_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND',
      [id, TOUCH_EVERY_SECONDS],
    );
    return {
      id: row.id,
      csrfToken: row.csrfToken,
      mustChangePassword: Boolean(row.mustChangePassword),
      user: {
        id: row.userId,
        username: row.username,
        fullName: row.fullName,
        organisationId: row.organisationId,
        authorityId: row.authorityId,
        roles: JSON.parse(row.roles) as Role[],
      },
    };
  }

  /** Logout: the row stays (for the record) but can never be valid again. */
  async revokeToken(token: string): Promise<void> {
    if (TOKEN_FORMAT.test(token)) {
      await this.ds.query('UPDATE sessions SET revoked_at = UTC_TIMESTAMP(6) WHERE id = ? AND revoked_at IS NULL', [
        sessionId(token),
      ]);
    }
  }

  /** Every live session of a user (deactivation, password change), optionally sparing the current one. */
  async revokeAllForUser(userId: number, options: { exceptId?: string; manager?: EntityManager } = {}): Promise<void> {
    const manager = options.manager ?? this.ds.manager;
    await manager.query(
      'UPDATE sessions SET revoked_at = UTC_TIMESTAMP(6) WHERE user_id = ? AND revoked_at IS NULL AND id <> ?',
      [userId, options.exceptId ?? ''],
    );
  }
}
