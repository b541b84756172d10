import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { AppError } from '@lib/common';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { LoginThrottle } from './login-throttle.service';
import { assertPasswordPolicy, decoyPasswordHash, hashPassword, verifyPassword } from './password';
import { SecurityAudit } from '../security-log/security-audit.service';
import { UNKNOWN_USER_ID, type AuditContext } from '../security-log/security-events';
import { SessionService, type NewSession } from './session.service';

/** Consecutive wrong passwords that lock an account, and for how long (ASVS 6.3.1). */
export const LOCKOUT = { maxFailures: 5, minutes: 15 } as const;

export interface LoginInput {
  username: string;
  password: string;
  ip: string;
  userAgent?: string;
  requestId?: string | null;
  /** The cookie the browser still sent, if any: revoked so one browser holds one session. */
  previousToken?: string;
}

export interface LoginResult {
  session: NewSession;
  user: SessionUser;
  mustChangePassword: boolean;
}

interface LoginRow {
  id: number;
  passwordHash: string | null;
  active: number;
  locked: number;
}

// One message for an unknown user, a wrong password and a deactivated account (ASVS 6.3.8: no enumeration).
const invalidCredentials = () =>
  new AppError(
    'unauthorised',
    'INVALID_CREDENTIALS',
    'Tên đăng nhập hoặc mật khẩu không đúng.',
    'The username or password is incorrect.',
  );

const accountLocked = () =>
  new AppError(
    'locked',
    'ACCOUNT_LOCKED',
    `Tài khoản tạm thời bị khoá do nhập sai mật khẩu ${LOCKOUT.maxFailures} lần. Vui lòng thử lại sau ${LOCKOUT.minutes} phút hoặc liên hệ quản trị viên.`,
    `This account is locked for ${LOCKOUT.minutes} minutes after ${LOCKOUT.maxFailures} wrong passwords. Try again later or ask an administrator.`,
  );

/** Usernames are case-insensitive: stored and compared in lower case. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly security: SecurityAudit,
  ) {}

  async login(input: LoginInput): Promise<LoginResult> {
    const username = normaliseUsername(input.username);
    const { usernameFailures } = await this.throttle.assertAllowed(input.ip, username);
    const [row] = await this.ds.query<LoginRow[]>(
      `SELECT id, password_hash AS passwordHash, active,
              (locked_until IS NOT NULL AND locked_until > UTC_TIMESTAMP(6)) AS locked
         FROM users WHERE username = ?`,
      [username],
    );
    // A real account locks in its row; any other name "locks" after as many failures in the throttle window, so
    // the answers (401 ×4, then 423) never tell a real account from an unknown name (ASVS 6.3.8).
    // Who claims the name: a known account is named in the log, a name with no account is not kept (people type
    // passwords into the username field).
    const claimant: AuditContext = {
      actor: { userId: null, label: row ? `user:${username}` : 'anonymous', requestId: input.requestId ?? null },
      client: { ip: input.ip, userAgent: input.userAgent?.slice(0, 255) ?? null },
    };
    const subjectUserId = row?.id ?? UNKNOWN_USER_ID;
    if (row ? Number(row.locked) : usernameFailures >= LOCKOUT.maxFailures) {
      await this.security.recordAlone({
        action: 'auth.loginFailed',
        ...claimant,
        subjectUserId,
        details: { locked: true },
      });
      throw accountLocked();
    }
    // Always run one Argon2 verification, so unknown users cost the same time as wrong passwords.
    const matches = await verifyPassword(row?.passwordHash ?? (await decoyPasswordHash()), input.password);
    if (!row || !row.passwordHash || !matches || !Number(row.active)) {
      const failures = await this.throttle.recordFailure(input.ip, username);
      const locks = row && !matches ? await this.recordWrongPassword(row.id) : failures >= LOCKOUT.maxFailures;
      await this.security.recordAlone({ action: 'auth.loginFailed', ...claimant, subjectUserId });
      if (locks && row) {
        await this.security.recordAlone({ action: 'auth.lockedOut', ...claimant, subjectUserId });
      }
      throw locks ? accountLocked() : invalidCredentials();
    }
    await this.ds.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?', [row.id]);
    if (input.previousToken) {
      await this.sessions.revokeToken(input.previousToken);
    }
    const session = await this.sessions.create(row.id, { ip: input.ip, userAgent: input.userAgent });
    const resolved = await this.sessions.resolve(session.token);
    if (!resolved) {
      throw invalidCredentials(); // the user was deactivated between the two statements
    }
    await this.security.recordAlone({
      action: 'auth.loginSucceeded',
      actor: { ...claimant.actor, userId: row.id },
      client: claimant.client,
      subjectUserId: row.id,
    });
    return { session, user: resolved.user, mustChangePassword: resolved.mustChangePassword };
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) {
      await this.sessions.revokeToken(token);
    }
  }

  /**
   * Change one's own password (ASVS 6.2.3: the current one is required). Other sessions of the user end;
   * the one making the change stays signed in.
   */
  async changePassword(
    user: SessionUser,
    currentSessionId: string,
    currentPassword: string,
    newPassword: string,
    context: AuditContext,
  ): Promise<void> {
    const [row] = await this.ds.query<Array<{ passwordHash: string | null }>>(
      'SELECT password_hash AS passwordHash FROM users WHERE id = ?',
      [user.id],
    );
    if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, currentPassword))) {
      throw new AppError(
        'invalid',
        'CURRENT_PASSWORD_WRONG',
        'Mật khẩu hiện tại không đúng.',
        'The current password is incorrect.',
      );
    }
    assertPasswordPolicy(newPassword, user.username);
    if (newPassword === currentPassword) {
      throw new AppError(
        'invalid',
        'PASSWORD_UNCHANGED',
        'Mật khẩu mới phải khác mật khẩu hiện tại.',
        'The new password must differ from the current one.',
      );
    }
    const passwordHash = await hashPassword(newPassword);
    await this.ds.transaction(async (manager) => {
      await manager.query('UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?', [
        passwordHash,
        user.id,
      ]);
      await this.sessions.revokeAllForUser(user.id, { exceptId: currentSessionId, manager });
      await this.security.record(manager, { action: 'auth.passwordChanged', ...context, subjectUserId: user.id });
    });
  }

  /**
   * Count a wrong password in the users row, atomically (two replicas racing still lock at N). True when
   * this failure locked the account. MySQL applies SET left to right, so `locked_until` reads the old count.
   */
  private async recordWrongPassword(userId: number): Promise<boolean> {
    await this.ds.query(
      `UPDATE users
          SET locked_until = IF(failed_logins + 1 >= ?, UTC_TIMESTAMP(6) + INTERVAL ? MINUTE, locked_until),
              failed_logins = IF(failed_logins + 1 >= ?, 0, failed_logins + 1)
        WHERE id = ?`,
      [LOCKOUT.maxFailures, LOCKOUT.minutes, LOCKOUT.maxFailures, userId],
    );
    const [row] = await this.ds.query<Array<{ locked: number }>>(
      'SELECT (locked_until IS NOT NULL AND locked_until > UTC_TIMESTAMP(6)) AS locked FROM users WHERE id = ?',
      [userId],
    );
    return Boolean(Number(row?.locked));
  }
}
