import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@lib/common';
import { DATA_SOURCE, isDuplicateKey } from '@lib/database';
import type { DataSource, EntityManager } from 'typeorm';
import { foundOr404 } from '../common/unit-scope';
import type { SessionUser } from '../common/session-user';
import type {
  CreateOrganisationDto,
  OrganisationDto,
  OrganisationImportResultDto,
  OrganisationImportRowDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { parseOrganisationSheet } from './organisation-import';
import { nameUnitGroupIfUnnamed } from './unit-group.queries';
import {
  findOrganisation,
  insertOrganisation,
  insertUnit,
  listOrganisations,
  organisationCodeTaken,
  setPredecessors,
  updateOrganisation,
  updateUnit,
  type OrganisationRow,
} from './organisation.queries';

function toDto(row: OrganisationRow): OrganisationDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.shortName,
    aliases: row.aliases ? (JSON.parse(row.aliases) as string[]) : [],
    kind: row.kind,
    unitGroup: row.unitGroup,
    predecessors: row.predecessors ? row.predecessors.split(',') : [],
  };
}

const codeTaken = (code: string) =>
  new AppError(
    'conflict',
    'ORGANISATION_CODE_TAKEN',
    `Mã "${code}" đã có trong danh sách đơn vị. Hãy chọn mã khác hoặc sửa đơn vị đó.`,
    `The code "${code}" is taken. Choose another or edit that organisation.`,
    { code },
  );

const predecessorsNeedGroup = () =>
  new AppError(
    'invalid',
    'PREDECESSORS_NEED_UNIT_GROUP',
    'Chỉ đơn vị được đánh giá (có nhóm đơn vị) mới có đơn vị tiền thân. Hãy chọn nhóm đơn vị hoặc bỏ đơn vị tiền thân.',
    'Only an assessed unit (with a unit group) has predecessors. Choose a unit group or remove the predecessors.',
  );

/**
 * An authority's organisations (appraising offices, departments, communes) and, for the assessed ones, their unit
 * in a unit group, with the codes of the units they succeed. Every query is scoped to the admin's authority.
 */
@Injectable()
export class OrganisationsService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async list(admin: SessionUser): Promise<OrganisationDto[]> {
    return (await listOrganisations(this.ds.manager, admin.authorityId)).map(toDto);
  }

  async get(admin: SessionUser, id: number, em: EntityManager = this.ds.manager): Promise<OrganisationDto> {
    return toDto(foundOr404(await findOrganisation(em, id, admin.authorityId), 'organisation'));
  }

  async create(admin: SessionUser, input: CreateOrganisationDto): Promise<OrganisationDto> {
    if (input.predecessors?.length && !input.unitGroup) {
      throw predecessorsNeedGroup();
    }
    if (await organisationCodeTaken(this.ds.manager, admin.authorityId, input.code)) {
      throw codeTaken(input.code);
    }
    try {
      return await this.ds.transaction(async (em) => this.get(admin, await this.insert(em, admin, input), em));
    } catch (error) {
      throw isDuplicateKey(error) ? codeTaken(input.code) : error;
    }
  }

  /** Insert an organisation (and its unit when it has a group) in the caller's transaction; its id. */
  private async insert(em: EntityManager, admin: SessionUser, input: CreateOrganisationDto): Promise<number> {
    const shortName = input.shortName || null;
    const id = await insertOrganisation(em, {
      authorityId: admin.authorityId,
      code: input.code,
      name: input.name,
      shortName,
      aliases: input.aliases ?? [],
      // As the campaign plan names them: an assessed organisation's kind is its group, else an appraiser.
      kind: input.unitGroup ?? 'appraiser',
    });
    if (input.unitGroup) {
      const unitId = await insertUnit(em, {
        authorityId: admin.authorityId,
        organisationId: id,
        code: input.code,
        name: shortName ?? input.name,
        unitGroup: input.unitGroup,
      });
      await setPredecessors(em, unitId, input.predecessors ?? []);
    }
    return id;
  }

  async update(admin: SessionUser, id: number, patch: UpdateOrganisationDto): Promise<OrganisationDto> {
    return this.ds.transaction(async (em) => {
      const before = foundOr404(await findOrganisation(em, id, admin.authorityId), 'organisation');
      await this.change(em, admin, before, patch);
      return this.get(admin, id, em);
    });
  }

  /** Apply a change to a stored organisation in the caller's transaction (a group makes it an assessed unit). */
  private async change(
    em: EntityManager,
    admin: SessionUser,
    before: OrganisationRow,
    patch: UpdateOrganisationDto,
  ): Promise<void> {
    const unitGroup = patch.unitGroup ?? before.unitGroup;
    if (patch.predecessors?.length && !unitGroup) {
      throw predecessorsNeedGroup();
    }
    const name = patch.name ?? before.name;
    const shortName = patch.shortName === undefined ? before.shortName : patch.shortName || null;
    await updateOrganisation(em, before.id, {
      name,
      shortName,
      aliases: patch.aliases ?? toDto(before).aliases,
    });
    if (unitGroup) {
      const unitName = shortName ?? name;
      const unitId =
        before.unitId ??
        (await insertUnit(em, {
          authorityId: admin.authorityId,
          organisationId: before.id,
          code: before.code,
          name: unitName,
          unitGroup,
        }));
      await updateUnit(em, unitId, { name: unitName, unitGroup });
      if (patch.predecessors) {
        await setPredecessors(em, unitId, patch.predecessors);
      }
    }
  }

  /**
   * Import the organisations sheet: every row checked (and checked against what is stored: a unit cannot lose
   * its group by import), then — unless a dry run, and only without a problem — every row written in one
   * transaction: new codes created, existing codes updated. With a problem nothing is written (422, all listed).
   */
  async import(admin: SessionUser, file: Buffer, dryRun: boolean): Promise<OrganisationImportResultDto> {
    const { rows, problems, groupNames } = await parseOrganisationSheet(file);
    const stored = new Map((await listOrganisations(this.ds.manager, admin.authorityId)).map((o) => [o.code, o]));
    const planned: OrganisationImportRowDto[] = [];
    for (const r of rows) {
      const existing = stored.get(r.code);
      if (existing?.unitGroup && !r.unitGroup) {
        problems.push({
          row: r.row,
          column: 'group',
          code: 'GROUP_REMOVED',
          messageVi: `"${r.code}" đang được đánh giá trong nhóm "${existing.unitGroup}": ghi nhóm đó (hoặc nhóm mới) ở cột Loại/Nhóm.`,
          message: `"${r.code}" is assessed in group "${existing.unitGroup}": give a group.`,
        });
        continue;
      }
      planned.push({ ...r, action: existing ? 'update' : 'create' });
    }
    problems.sort((a, b) => a.row - b.row);
    const result: OrganisationImportResultDto = {
      dryRun,
      ok: problems.length === 0,
      rows: planned,
      problems,
      groupNames: Object.fromEntries(groupNames),
      created: planned.filter((r) => r.action === 'create').length,
      updated: planned.filter((r) => r.action === 'update').length,
    };
    if (problems.length > 0 && !dryRun) {
      throw new AppError(
        'unprocessable',
        'ORGANISATION_IMPORT_INVALID',
        `Tệp có ${problems.length} dòng lỗi; chưa lưu gì. Sửa các dòng được liệt kê rồi nhập lại.`,
        `The file has ${problems.length} problem(s); nothing was saved. Fix the rows listed and import again.`,
        { problems },
      );
    }
    if (dryRun) {
      return result;
    }
    try {
      await this.ds.transaction(async (em) => {
        // Read again inside the transaction: a code created meanwhile is updated, not inserted twice.
        const now = new Map((await listOrganisations(em, admin.authorityId)).map((o) => [o.code, o]));
        for (const r of planned) {
          const fields = {
            name: r.name,
            shortName: r.shortName ?? '',
            aliases: r.aliases,
            unitGroup: r.unitGroup ?? undefined,
            predecessors: r.predecessors,
          };
          const existing = now.get(r.code);
          if (existing) {
            await this.change(em, admin, existing, fields);
          } else {
            await this.insert(em, admin, { ...fields, code: r.code });
          }
        }
        // The sheet's wording names a group not named yet (a name given on the page is kept).
        for (const [key, name] of groupNames) {
          await nameUnitGroupIfUnnamed(em, admin.authorityId, key, name);
        }
      });
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new AppError(
          'conflict',
          'ORGANISATION_IMPORT_CONFLICT',
          'Một mã trong tệp vừa được người khác tạo; chưa lưu gì. Hãy nhập lại.',
          'A code in the file was just created by someone else; nothing was saved. Import again.',
        );
      }
      throw error;
    }
    return result;
  }
}
