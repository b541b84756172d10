import type { AppConfig } from '@config';
import { Authority, Organisation, User, isDuplicateKey } from '@lib/database';
import type { DataSource } from 'typeorm';
import { platformAdminExists } from './credentials.queries';
import { generatePassword, hashPassword } from './password';

export const BOOTSTRAP_ADMIN_USERNAME = 'admin';

export interface AdminBootstrap {
  /** False when the users table already had rows (nothing was changed). */
  created: boolean;
  username: string;
  /** The generated password, to print once; undefined when ADMIN_PASSWORD was used or nothing was created. */
  oneTimePassword?: string;
}

/**
 * First start on an empty database: create the `admin` account in the secretariat organisation, with
 * ADMIN_PASSWORD or a generated password that must be changed at first login. Idempotent — once any user
 * exists it does nothing, so a later run never resets a password. If the campaign seed has not created a
 * secretariat yet, a bootstrap authority and secretariat are created (the seed can rename them); call it
 * after the seed so the admin lands in the real secretariat.
 */
export async function ensureAdminAccount(ds: DataSource, config: AppConfig): Promise<AdminBootstrap> {
  const nothing: AdminBootstrap = { created: false, username: BOOTSTRAP_ADMIN_USERNAME };
  if ((await ds.getRepository(User).count()) > 0) {
    return nothing;
  }
  const password = config.auth.adminPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    await ds.transaction(async (manager) => {
      const organisations = manager.getRepository(Organisation);
      let secretariat = await organisations.findOne({ where: { kind: 'secretariat' }, order: { id: 'ASC' } });
      if (!secretariat) {
        const authorities = manager.getRepository(Authority);
        const authority =
          (await authorities.findOne({ where: {}, order: { id: 'ASC' } })) ??
          (await authorities.save(
            authorities.create({ code: 'bootstrap', name: 'Cơ quan chủ trì đánh giá (khởi tạo)' }),
          ));
        secretariat = await organisations.save(
          organisations.create({
            authorityId: authority.id,
            code: 'secretariat',
            name: 'Cơ quan thường trực (Phòng Nội vụ)',
            kind: 'secretariat',
            predecessorId: null,
          }),
        );
      }
      await manager.getRepository(User).insert({
        organisationId: secretariat.id,
        username: BOOTSTRAP_ADMIN_USERNAME,
        fullName: 'Quản trị hệ thống',
        email: null,
        passwordHash,
        roles: ['admin'],
        mustChangePassword: config.auth.adminPassword === undefined,
      });
    });
  } catch (error) {
    // Another replica created it first (unique username): that one prints the password.
    if (isDuplicateKey(error)) {
      return nothing;
    }
    throw error;
  }
  return {
    created: true,
    username: BOOTSTRAP_ADMIN_USERNAME,
    oneTimePassword: config.auth.adminPassword === undefined ? password : undefined,
  };
}

export const PLATFORM_ADMIN_USERNAME = 'platform';

/**
 * With PLATFORM_ADMIN_PASSWORD set and no platform administrator yet, create `platform` in the platform's own
 * authority (level `platform`, never listed as a tenant). Idempotent: once one exists nothing changes, so a later
 * start never resets a password. Without the variable nothing is made — a single-authority install needs none.
 */
export async function ensurePlatformAdmin(ds: DataSource, config: AppConfig): Promise<boolean> {
  const password = config.auth.platformAdminPassword;
  if (password === undefined) {
    return false;
  }
  if (await platformAdminExists(ds.manager, PLATFORM_ADMIN_USERNAME)) {
    return false;
  }
  const passwordHash = await hashPassword(password);
  try {
    await ds.transaction(async (manager) => {
      const authorities = manager.getRepository(Authority);
      const authority =
        (await authorities.findOne({ where: { level: 'platform' } })) ??
        (await authorities.save(
          authorities.create({ code: 'platform', name: 'Nền tảng par-index', level: 'platform' }),
        ));
      const organisations = manager.getRepository(Organisation);
      const organisation =
        (await organisations.findOne({ where: { authorityId: authority.id, kind: 'platform' } })) ??
        (await organisations.save(
          organisations.create({
            authorityId: authority.id,
            code: 'platform',
            name: 'Quản trị nền tảng',
            kind: 'platform',
            predecessorId: null,
          }),
        ));
      await manager.getRepository(User).insert({
        organisationId: organisation.id,
        username: PLATFORM_ADMIN_USERNAME,
        fullName: 'Quản trị nền tảng',
        email: null,
        passwordHash,
        roles: ['platform_admin'],
        mustChangePassword: false,
      });
    });
  } catch (error) {
    if (isDuplicateKey(error)) {
      return false;
    }
    throw error;
  }
  return true;
}
