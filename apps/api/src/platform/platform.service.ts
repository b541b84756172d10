import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@lib/common';
import { DATA_SOURCE, isDuplicateKey } from '@lib/database';
import type { DataSource } from 'typeorm';
import { generatePassword, hashPassword } from '../auth/password';
import { foundOr404 } from '../common/unit-scope';
import { SecurityAudit } from '../security-log/security-audit.service';
import type { AuditContext } from '../security-log/security-events';
import type { AuthorityDto, CreateAuthorityDto, CreatedAuthorityDto } from './dto/authority.dto';
import {
  authorityCodeTaken,
  findAuthority,
  insertAuthority,
  insertOrganisationRow,
  insertUserRow,
  listAuthorities,
  usernameTaken,
  type AuthorityRow,
} from './platform.queries';

/** Code of the organisation a new authority starts with: its secretariat, where the first admin works. */
export const SECRETARIAT_CODE = 'secretariat';

const toDto = (row: AuthorityRow): AuthorityDto => ({ ...row, admins: Number(row.admins) });

const codeTaken = (code: string) =>
  new AppError(
    'conflict',
    'AUTHORITY_CODE_TAKEN',
    `Mã cơ quan "${code}" đã có. Hãy chọn mã khác.`,
    `The authority code "${code}" is taken. Choose another.`,
    { code },
  );

const usernameInUse = (username: string) =>
  new AppError(
    'conflict',
    'USERNAME_TAKEN',
    `Tên đăng nhập "${username}" đã được sử dụng. Hãy chọn tên khác cho quản trị viên.`,
    `The username "${username}" is already taken.`,
    { username },
  );

/**
 * The platform administrator's work: authorities (tenants) and each one's first admin. A new authority starts
 * with its secretariat organisation and one admin in it, who then sets up everything else of that authority.
 */
@Injectable()
export class PlatformService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly security: SecurityAudit,
  ) {}

  async list(): Promise<AuthorityDto[]> {
    return (await listAuthorities(this.ds.manager)).map(toDto);
  }

  async get(id: number): Promise<AuthorityDto> {
    return toDto(foundOr404(await findAuthority(this.ds.manager, id), 'authority'));
  }

  async create(input: CreateAuthorityDto, context: AuditContext): Promise<CreatedAuthorityDto> {
    if (await authorityCodeTaken(this.ds.manager, input.code)) {
      throw codeTaken(input.code);
    }
    if (await usernameTaken(this.ds.manager, input.admin.username)) {
      throw usernameInUse(input.admin.username);
    }
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    let id: number;
    try {
      id = await this.ds.transaction(async (em) => {
        const authorityId = await insertAuthority(em, {
          code: input.code,
          name: input.name,
          level: input.level,
          timeZone: input.timeZone ?? 'Asia/Ho_Chi_Minh',
        });
        const organisationId = await insertOrganisationRow(em, {
          authorityId,
          code: SECRETARIAT_CODE,
          name: 'Cơ quan thường trực (Nội vụ)',
          kind: 'secretariat',
        });
        const userId = await insertUserRow(em, {
          organisationId,
          username: input.admin.username,
          fullName: input.admin.fullName,
          email: input.admin.email ?? null,
          passwordHash,
          roles: ['admin'],
        });
        await this.security.record(em, {
          action: 'user.created',
          ...context,
          subjectUserId: userId,
          details: { roles: ['admin'], authorityCode: input.code },
        });
        return authorityId;
      });
    } catch (error) {
      // A concurrent request took the code or the username between the checks and the insert.
      throw isDuplicateKey(error) ? codeTaken(input.code) : error;
    }
    return { authority: await this.get(id), adminUsername: input.admin.username, adminPassword: password };
  }
}
