/**
 * Unit-group names of an authority (issue 15): the groups its units are in, each with the name the authority gave
 * it; a group not yet named shows the national name for `agency`/`commune`, else no name (null, never its key —
 * a slug nobody reads), and says so (`named`).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import type { DataSource } from 'typeorm';
import type { NameUnitGroupDto, UnitGroupView } from './dto/unit-group.dto';
import { unitGroupRows, upsertUnitGroupName } from './unit-group.queries';

/** The national groups' names, used until the authority names them itself. */
const NATIONAL: Record<string, string> = {
  agency: 'Các cơ quan chuyên môn',
  commune: 'Ủy ban nhân dân các xã, phường',
};

@Injectable()
export class UnitGroupsService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async list(authorityId: number): Promise<UnitGroupView[]> {
    const byKey = new Map<string, UnitGroupView>();
    for (const r of await unitGroupRows(this.ds.manager, authorityId)) {
      const seen = byKey.get(r.group_key);
      byKey.set(r.group_key, {
        key: r.group_key,
        name: r.name ?? NATIONAL[r.group_key] ?? null,
        named: r.name !== null,
        units: (seen?.units ?? 0) + Number(r.units),
      });
    }
    return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Name (or rename) a group; a group no unit is in yet may be named (its units may be imported next). */
  async name(authorityId: number, dto: NameUnitGroupDto): Promise<UnitGroupView[]> {
    await upsertUnitGroupName(this.ds.manager, authorityId, dto.key, dto.name.trim());
    return this.list(authorityId);
  }
}
