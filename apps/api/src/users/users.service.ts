import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, User, isDuplicateKey, type Role } from '@lib/database';
import { AppError } from '@lib/common';
import type { DataSource, EntityManager } from 'typeorm';
import { assertPasswordPolicy, generatePassword, hashPassword } from '../auth/password';
import { SecurityAudit } from '../security-log/security-audit.service';
import type { AuditContext, SecurityAction } from '../security-log/security-events';
import { SessionService } from '../auth/session.service';
import { foundOr404 } from '../common/unit-scope';
import type { SessionUser } from '../common/session-user';
import type { CreateUserDto } from './dto/create-user.dto';
import type { ListUsersQuery } from './dto/list-users.query';
import { findUser, listUsers, organisationsOf, takenUsernames, type UserRow } from './user-admin.queries';
import type { UpdateUserDto } from './dto/update-user.dto';
import type {
  CreatedUserDto,
  ImportProblemDto,
  UserDto,
  UserImportResultDto,
  UserPageDto,
} from './dto/user-response.dto';
import { InvitationsService } from './invitations.service';
import { parseUserImport } from './user-import.parser';
import { EMAIL_PATTERN, checkUsername, parseRoles, type FieldProblem } from './user-rules';

function toDto(row: UserRow): UserDto {
  return {
    ...row,
    roles: JSON.parse(row.roles) as Role[],
    active: Boolean(Number(row.active)),
    mustChangePassword: Boolean(Number(row.mustChangePassword)),
  };
}

const usernameTaken = (username: string) =>
  new AppError(
    'conflict',
    'USERNAME_TAKEN',
    `Tên đăng nhập "${username}" đã được sử dụng.`,
    `The username "${username}" is already taken.`,
    { username },
  );

/** The security events an account change makes (roles, (de)activation, unlock), for the audit log. */
function securityEventsOf(
  before: UserDto,
  patch: UpdateUserDto,
): Array<{ action: SecurityAction; details?: Record<string, unknown> }> {
  const events: Array<{ action: SecurityAction; details?: Record<string, unknown> }> = [];
  const sorted = (roles: readonly string[]) => [...roles].sort();
  if (patch.roles && sorted(patch.roles).join() !== sorted(before.roles).join()) {
    events.push({ action: 'user.rolesChanged', details: { from: sorted(before.roles), to: sorted(patch.roles) } });
  }
  if (patch.active === false && before.active) {
    events.push({ action: 'user.deactivated' });
  }
  if (patch.active === true && !before.active) {
    events.push({ action: 'user.reactivated' });
  }
  if (patch.unlock) {
    events.push({ action: 'user.unlocked' });
  }
  return events;
}

/**
 * Account administration for the secretariat. An admin manages the users of their own authority only:
 * every query joins the organisation and filters on the admin's authority, so other tenants' users are 404.
 */
@Injectable()
export class UsersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly sessions: SessionService,
    private readonly security: SecurityAudit,
    private readonly invitations: InvitationsService,
  ) {}

  async create(admin: SessionUser, input: CreateUserDto, context: AuditContext): Promise<CreatedUserDto> {
    const organisationId = (await this.organisationCodes(admin.authorityId)).get(input.organisationCode.toLowerCase());
    if (organisationId === undefined) {
      throw new AppError(
        'invalid',
        'ORGANISATION_UNKNOWN',
        `Không có tổ chức mã "${input.organisationCode}".`,
        `There is no organisation with code "${input.organisationCode}".`,
        { organisationCode: input.organisationCode },
      );
    }
    if (input.password !== undefined) {
      assertPasswordPolicy(input.password, input.username);
    }
    if ((await this.existingUsernames([input.username])).size > 0) {
      throw usernameTaken(input.username);
    }
    const password = input.password ?? generatePassword();
    let id: number;
    let mail: Array<{ id: number; attempts: number }> = [];
    const passwordHash = await hashPassword(password);
    try {
      id = await this.ds.transaction(async (manager) => {
        const result = await manager.getRepository(User).insert({
          organisationId,
          username: input.username,
          fullName: input.fullName.trim(),
          email: input.email ?? null,
          passwordHash,
          roles: input.roles,
          // A password chosen by someone else — generated or typed by the admin — is known to two people.
          mustChangePassword: true,
        });
        const created = (result.identifiers[0] as { id: number }).id;
        await this.security.record(manager, {
          action: 'user.created',
          ...context,
          subjectUserId: created,
          details: { roles: input.roles, organisationCode: input.organisationCode.toLowerCase() },
        });
        // With an e-mail address the person also gets an invitation: a link that sets their own password.
        mail = await this.invitations.invite(manager, [created], admin.id);
        return created;
      });
    } catch (error) {
      throw isDuplicateKey(error) ? usernameTaken(input.username) : error;
    }
    await this.invitations.enqueue(mail);
    return {
      user: await this.get(admin, id),
      generatedPassword: input.password === undefined ? password : undefined,
    };
  }

  /** 'Gửi lại lời mời': a new link (the older ones stop working) to the user's e-mail address. */
  async resendInvitation(admin: SessionUser, id: number): Promise<void> {
    const user = await this.get(admin, id);
    if (!user.email) {
      throw new AppError(
        'unprocessable',
        'USER_EMAIL_MISSING',
        'Người dùng chưa có địa chỉ email. Hãy thêm email cho người dùng rồi gửi lại lời mời.',
        'The user has no e-mail address. Add one, then send the invitation again.',
      );
    }
    const mail = await this.ds.transaction((manager) => this.invitations.invite(manager, [id], admin.id));
    await this.invitations.enqueue(mail);
  }

  async get(admin: SessionUser, id: number, manager: EntityManager = this.ds.manager): Promise<UserDto> {
    return toDto(foundOr404(await findUser(manager, id, admin.authorityId), 'user'));
  }

  async list(admin: SessionUser, query: ListUsersQuery): Promise<UserPageDto> {
    const { rows, total } = await listUsers(this.ds.manager, admin.authorityId, query);
    return { items: rows.map(toDto), total, page: query.page, pageSize: query.pageSize };
  }

  /** Roles, details, (de)activation, unlock. Deactivation ends the user's sessions in the same transaction. */
  async update(admin: SessionUser, id: number, patch: UpdateUserDto, context: AuditContext): Promise<UserDto> {
    if (id === admin.id && (patch.active === false || (patch.roles && !patch.roles.includes('admin')))) {
      throw new AppError(
        'conflict',
        'SELF_LOCKOUT',
        'Không thể tự khoá tài khoản hoặc bỏ quyền quản trị của chính mình.',
        'You cannot deactivate your own account or remove your own admin role.',
      );
    }
    return this.ds.transaction(async (manager) => {
      const before = await this.get(admin, id, manager); // 404 outside the admin's authority
      const changes: Partial<User> = {};
      if (patch.roles) {
        changes.roles = patch.roles;
      }
      if (patch.active !== undefined) {
        changes.active = patch.active;
      }
      if (patch.fullName !== undefined) {
        changes.fullName = patch.fullName.trim();
      }
      if (patch.email !== undefined) {
        changes.email = patch.email;
      }
      if (patch.unlock) {
        changes.failedLogins = 0;
        changes.lockedUntil = null;
      }
      if (Object.keys(changes).length > 0) {
        await manager.getRepository(User).update({ id }, changes);
      }
      if (patch.active === false) {
        await this.sessions.revokeAllForUser(id, { manager });
      }
      for (const event of securityEventsOf(before, patch)) {
        await this.security.record(manager, { ...context, ...event, subjectUserId: id });
      }
      return this.get(admin, id, manager);
    });
  }

  /** A new generated password (shown once), to be changed at next login; the user's sessions end. */
  async resetPassword(admin: SessionUser, id: number, context: AuditContext): Promise<{ generatedPassword: string }> {
    const generatedPassword = generatePassword();
    const passwordHash = await hashPassword(generatedPassword);
    await this.ds.transaction(async (manager) => {
      await this.get(admin, id, manager);
      await manager
        .getRepository(User)
        .update({ id }, { passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null });
      await this.sessions.revokeAllForUser(id, { manager });
      await this.security.record(manager, { action: 'auth.passwordReset', ...context, subjectUserId: id });
    });
    return { generatedPassword };
  }

  /**
   * Bulk import (CSV or .xlsx). Every problem in the file is reported with its row number and nothing is
   * saved unless the whole file is valid; the users are then inserted in one transaction, each with a
   * generated password returned once.
   */
  async import(admin: SessionUser, file: Buffer, context: AuditContext): Promise<UserImportResultDto> {
    const rows = await parseUserImport(file);
    const organisations = await this.organisationCodes(admin.authorityId);
    const taken = await this.existingUsernames(rows.map((r) => r.cells.username.toLowerCase()));
    const problems: ImportProblemDto[] = [];
    const seen = new Map<string, number>();
    const valid: Array<{ row: number; user: Partial<User> }> = [];

    for (const { row, cells } of rows) {
      const found: FieldProblem[] = [];
      const username = cells.username.toLowerCase();
      const usernameProblem = checkUsername(username);
      if (usernameProblem) {
        found.push(usernameProblem);
      } else if (taken.has(username) || seen.has(username)) {
        const other = seen.get(username);
        found.push({
          column: 'username',
          code: 'USERNAME_TAKEN',
          messageVi:
            other === undefined
              ? `Tên đăng nhập "${username}" đã tồn tại.`
              : `Tên đăng nhập "${username}" trùng với dòng ${other}.`,
          message:
            other === undefined
              ? `Username "${username}" already exists.`
              : `Username "${username}" repeats row ${other}.`,
        });
      }
      seen.set(username, seen.get(username) ?? row);
      if (!cells.fullName || cells.fullName.length > 255) {
        found.push({
          column: 'fullName',
          code: 'FULL_NAME_INVALID',
          messageVi: 'Họ tên bắt buộc (tối đa 255 ký tự).',
          message: 'Full name is required (at most 255 characters).',
        });
      }
      if (cells.email && (!EMAIL_PATTERN.test(cells.email) || cells.email.length > 255)) {
        found.push({
          column: 'email',
          code: 'EMAIL_INVALID',
          messageVi: `Email "${cells.email}" không hợp lệ.`,
          message: `Email "${cells.email}" is invalid.`,
        });
      }
      const organisationId = organisations.get(cells.organisationCode.toLowerCase());
      if (organisationId === undefined) {
        found.push({
          column: 'organisationCode',
          code: 'ORGANISATION_UNKNOWN',
          messageVi: `Không có tổ chức mã "${cells.organisationCode}".`,
          message: `There is no organisation with code "${cells.organisationCode}".`,
        });
      }
      const { roles, problem: rolesProblem } = parseRoles(cells.roles);
      if (rolesProblem) {
        found.push(rolesProblem);
      }
      problems.push(...found.map((p) => ({ row, ...p })));
      if (found.length === 0) {
        valid.push({
          row,
          user: { organisationId, username, fullName: cells.fullName, email: cells.email || null, roles },
        });
      }
    }
    if (problems.length > 0) {
      throw new AppError(
        'invalid',
        'IMPORT_INVALID',
        `Tệp có ${problems.length} lỗi; chưa lưu người dùng nào. Sửa các dòng được liệt kê rồi nhập lại.`,
        `The file has ${problems.length} problem(s); no user was saved. Fix the rows listed and import again.`,
        { problems },
      );
    }

    const passwords = valid.map(() => generatePassword());
    const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
    try {
      const ids = await this.ds.transaction(async (manager) => {
        const result = await manager
          .getRepository(User)
          .insert(valid.map((v, i) => ({ ...v.user, passwordHash: hashes[i], mustChangePassword: true })));
        const created = result.identifiers.map((identifier) => (identifier as { id: number }).id);
        for (const [i, userId] of created.entries()) {
          await this.security.record(manager, {
            action: 'user.created',
            ...context,
            subjectUserId: userId,
            details: { roles: valid[i].user.roles, imported: true },
          });
        }
        return { created, mail: await this.invitations.invite(manager, created, admin.id) };
      });
      await this.invitations.enqueue(ids.mail);
      return {
        created: ids.created.length,
        users: valid.map((v, i) => ({
          row: v.row,
          id: ids.created[i],
          username: v.user.username!,
          password: passwords[i],
        })),
      };
    } catch (error) {
      if (isDuplicateKey(error)) {
        // Someone created one of these names since the check; the transaction saved nothing.
        throw new AppError(
          'conflict',
          'USERNAME_TAKEN',
          'Một tên đăng nhập trong tệp vừa được tạo bởi người khác; chưa lưu người dùng nào. Vui lòng nhập lại.',
          'A username in the file was just created by someone else; no user was saved. Import again.',
        );
      }
      throw error;
    }
  }

  /** Organisation code (lower case) → id, for the admin's authority. */
  private async organisationCodes(authorityId: number): Promise<Map<string, number>> {
    const found = await organisationsOf(this.ds.manager, authorityId);
    return new Map(found.map((r) => [r.code.toLowerCase(), r.id]));
  }

  private async existingUsernames(usernames: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < usernames.length; i += 500) {
      const chunk = usernames.slice(i, i + 500);
      if (chunk.length === 0) {
        continue;
      }
      (await takenUsernames(this.ds.manager, chunk)).forEach((u) => found.add(u));
    }
    return found;
  }
}
