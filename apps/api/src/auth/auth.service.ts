import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { AppError } from '@lib/common';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { clearFailedLogins, findLogin, passwordHashOf, recordWrongPassword, setPassword } from './credentials.queries';
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
    const row = await findLogin(this.ds.manager, username);
    // A real account locks in its row; any other name "locks" after as many failures in the throttle window, so
    // the answers (401 ×4, then 423) never tell a real account from an unknown name (ASVS 6.3.8).
    // Who claims the name: a known account is named in the log, a name with no account is not kept (people type
    // passwords into the username field).
    const claimant: AuditContext = {
      actor: { userId: null, label: row ? `user:${username}` : 'anonymous', requestId: input.requestId ?? null },
      client: { ip: input.ip, userAgent: input.userAgent?.slice(0, 255) ?? null },
    };
    const subjectUserId = row?.id ?? UNKNOWN_USER_ID;
    if (row ? row.locked : usernameFailures >= LOCKOUT.maxFailures) {
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
    if (!row || !row.passwordHash || !matches || !row.active) {
      const failures = await this.throttle.recordFailure(input.ip, username);
      const locks =
        row && !matches ? await recordWrongPassword(this.ds.manager, row.id, LOCKOUT) : failures >= LOCKOUT.maxFailures;
      await this.security.recordAlone({ action: 'auth.loginFailed', ...claimant, subjectUserId });
      if (locks && row) {
        await this.security.recordAlone({ action: 'auth.lockedOut', ...claimant, subjectUserId });
      }
      throw locks ? accountLocked() : invalidCredentials();
    }
    await clearFailedLogins(this.ds.manager, row.id);
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
    const currentHash = await passwordHashOf(this.ds.manager, user.id);
    if (!currentHash || !(await verifyPassword(currentHash, currentPassword))) {
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
      await setPassword(manager, user.id, passwordHash);
      await this.sessions.revokeAllForUser(user.id, { exceptId: currentSessionId, manager });
      await this.security.record(manager, { action: 'auth.passwordChanged', ...context, subjectUserId: user.id });
    });
  }
}
