import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@config';
import { AppError } from '@lib/common';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { ReminderService, digestMessageId, renderInvitationMail } from '@lib/reminders';
import { webLink } from '@lib/web-routes';
import type { DataSource, EntityManager } from 'typeorm';
import { assertPasswordPolicy, hashPassword } from '../auth/password';
import { setPassword } from '../auth/credentials.queries';
import { SessionService } from '../auth/session.service';
import { SecurityAudit } from '../security-log/security-audit.service';
import type { AuditContext } from '../security-log/security-events';
import {
  insertInvitation,
  insertInvitationMail,
  invitationByHash,
  invitees,
  markInvitationUsed,
  type InvitationRow,
} from './invitation.queries';

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A refused link says why and what to do next, in Vietnamese (the page shows `messageVi` as it is). */
const refused = (code: string, vi: string, en: string) => new AppError('unprocessable', code, vi, en);
const ASK_AGAIN = 'Hãy đề nghị bộ phận thường trực (văn phòng) gửi lại lời mời, rồi mở liên kết trong thư mới.';

/**
 * Invitations (issue 15 item 6): an account created or imported with an e-mail gets a mail whose link sets its
 * first password. The token (32 random bytes) is in the mail only; the database keeps its SHA-256. A link works
 * once, until INVITE_TTL_HOURS after it was sent; sending a new one voids the older ones.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reminders: ReminderService,
    private readonly sessions: SessionService,
    private readonly security: SecurityAudit,
  ) {}

  /**
   * Inside the caller's transaction: one invitation and one queued mail per user with an e-mail address. Answers
   * the mail rows to enqueue once the transaction committed (`enqueue`).
   */
  async invite(
    em: EntityManager,
    userIds: number[],
    invitedBy: number | null,
  ): Promise<Array<{ id: number; attempts: number }>> {
    const mail: Array<{ id: number; attempts: number }> = [];
    const expiresAt = new Date(Date.now() + this.config.auth.inviteTtlHours * 3_600_000);
    for (const user of await invitees(em, userIds)) {
      if (!user.email) {
        continue;
      }
      const token = randomBytes(32).toString('base64url');
      const invitationId = await insertInvitation(em, {
        userId: user.id,
        tokenHash: sha256(token),
        expiresAt,
        createdBy: invitedBy,
      });
      // The token rides in the fragment: browsers never send it, so no access log or proxy sees it.
      const link = `${webLink(this.config.http.publicUrl, 'invitation', {})}#${token}`;
      const rendered = renderInvitationMail({
        fullName: user.fullName,
        username: user.username,
        authorityName: user.authorityName,
        link,
        expiresAt,
        timeZone: user.timeZone,
      });
      const key = `invitation-${invitationId}`;
      mail.push(
        await insertInvitationMail(em, {
          userId: user.id,
          key,
          messageId: digestMessageId(key, this.config.mail.from),
          to: user.email,
          ...rendered,
        }),
      );
    }
    return mail;
  }

  /** Queue the mail `invite` wrote (after its transaction committed, so the sender finds the rows). */
  enqueue(mail: Array<{ id: number; attempts: number }>): Promise<void> {
    return this.reminders.enqueueMail(mail);
  }

  /** Who a link is for, or why it no longer works (what the page shows before asking for a password). */
  async check(token: string): Promise<{ username: string; fullName: string; expiresAt: string }> {
    const invitation = this.usable(await invitationByHash(this.ds.manager, sha256(token)));
    return {
      username: invitation.username,
      fullName: invitation.fullName,
      expiresAt: new Date(invitation.expiresAt).toISOString(),
    };
  }

  /** Set the first password through a link: once, before it expires; the user then signs in with it. */
  async accept(token: string, password: string, context: Omit<AuditContext, 'actor'>): Promise<{ username: string }> {
    const peek = this.usable(await invitationByHash(this.ds.manager, sha256(token)));
    assertPasswordPolicy(password, peek.username);
    const passwordHash = await hashPassword(password);
    await this.ds.transaction(async (em) => {
      // Again under the row lock: a second tab with the same link waits here and then finds it used.
      const invitation = this.usable(await invitationByHash(em, sha256(token), true));
      await setPassword(em, invitation.userId, passwordHash);
      await markInvitationUsed(em, invitation.id);
      await this.sessions.revokeAllForUser(invitation.userId, { manager: em });
      await this.security.record(em, {
        action: 'auth.passwordChanged',
        ...context,
        actor: { userId: invitation.userId, label: `user:${invitation.username}` },
        subjectUserId: invitation.userId,
        details: { invitation: invitation.id },
      });
    });
    return { username: peek.username };
  }

  private usable(invitation: InvitationRow | undefined): InvitationRow {
    if (!invitation || invitation.revokedAt || !Number(invitation.active)) {
      throw refused(
        'INVITATION_INVALID',
        `Liên kết này không còn dùng được (đã có lời mời mới hơn hoặc tài khoản đã bị khóa). ${ASK_AGAIN}`,
        'This link does not work (a newer invitation was sent, or the account is disabled). Ask the secretariat to send the invitation again.',
      );
    }
    if (invitation.usedAt) {
      throw refused(
        'INVITATION_USED',
        `Liên kết này đã được dùng để đặt mật khẩu. Hãy đăng nhập bằng mật khẩu đã đặt; nếu quên mật khẩu, ${ASK_AGAIN.charAt(0).toLowerCase()}${ASK_AGAIN.slice(1)}`,
        'This link was already used to set a password. Sign in with it; if you forgot it, ask the secretariat to send the invitation again.',
      );
    }
    if (new Date(invitation.expiresAt).getTime() <= Date.now()) {
      throw refused(
        'INVITATION_EXPIRED',
        `Liên kết đã hết hạn. ${ASK_AGAIN}`,
        'The link has expired. Ask the secretariat to send the invitation again.',
      );
    }
    return invitation;
  }
}
