import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@lib/common';
import { DATA_SOURCE, isDuplicateKey } from '@lib/database';
import type { DataSource, EntityManager } from 'typeorm';
import { foundOr404 } from '../common/unit-scope';
import type { SessionUser } from '../common/session-user';
import type { CreateOrganisationDto, OrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto';
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
      return await this.ds.transaction(async (em) => {
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
        return this.get(admin, id, em);
      });
    } catch (error) {
      throw isDuplicateKey(error) ? codeTaken(input.code) : error;
    }
  }

  async update(admin: SessionUser, id: number, patch: UpdateOrganisationDto): Promise<OrganisationDto> {
    return this.ds.transaction(async (em) => {
      const before = foundOr404(await findOrganisation(em, id, admin.authorityId), 'organisation');
      const unitGroup = patch.unitGroup ?? before.unitGroup;
      if (patch.predecessors?.length && !unitGroup) {
        throw predecessorsNeedGroup();
      }
      const name = patch.name ?? before.name;
      const shortName = patch.shortName === undefined ? before.shortName : patch.shortName || null;
      await updateOrganisation(em, id, {
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
            organisationId: id,
            code: before.code,
            name: unitName,
            unitGroup,
          }));
        await updateUnit(em, unitId, { name: unitName, unitGroup });
        if (patch.predecessors) {
          await setPredecessors(em, unitId, patch.predecessors);
        }
      }
      return this.get(admin, id, em);
    });
  }
}
