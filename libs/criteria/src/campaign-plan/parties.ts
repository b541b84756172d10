/** The plan's parties: its identity, the authority, organisations and unit groups, and how they refer to each other. */
import { DateTime } from 'luxon';
import type { Locate } from '../catalog-yaml';
import { problem } from '../problems';
import { isRecord, optString } from '../rule-schema';
import type { Problem } from '../types';
import { checkCode, list, parseClasses, req, strList } from './fields';
import type { AuthorityPlan, CampaignPlan, OrganisationPlan, UnitGroupPlan } from './types';

/** Key, title, assessed year, time zone and legal basis. */
export function readIdentity(
  raw: Record<string, unknown>,
  locate: Locate,
  problems: Problem[],
): Pick<CampaignPlan, 'key' | 'title' | 'year' | 'timeZone' | 'basis'> {
  const key = req(raw, 'key', [], locate, problems);
  const title = req(raw, 'title', [], locate, problems);
  const year = Number(optString(raw.year));
  if (!Number.isInteger(year) || year < 2000 || year > 2200) {
    problems.push(
      problem(
        'invalid-year',
        { field: 'year', line: locate(['year']) },
        'year phải là năm đánh giá (ví dụ 2023).',
        'year must be the assessed year (e.g. 2023).',
      ),
    );
  }
  const timeZone = optString(raw.timeZone) ?? 'Asia/Ho_Chi_Minh';
  if (!DateTime.now().setZone(timeZone).isValid) {
    problems.push(
      problem(
        'invalid-time-zone',
        { field: 'timeZone', line: locate(['timeZone']) },
        `Múi giờ "${timeZone}" không hợp lệ.`,
        `Unknown time zone "${timeZone}".`,
      ),
    );
  }
  const basis: Record<string, string> = {};
  if (isRecord(raw.basis)) {
    for (const [k, v] of Object.entries(raw.basis)) {
      const s = optString(v);
      if (s) {
        basis[k] = s;
      }
    }
  }
  return { key, title, year, timeZone, basis };
}

/** The assessing authority and its secretariat's code. */
export function readAuthority(raw: Record<string, unknown>, locate: Locate, problems: Problem[]): AuthorityPlan {
  const a = isRecord(raw.authority) ? raw.authority : {};
  if (!isRecord(raw.authority)) {
    problems.push(
      problem(
        'missing-field',
        { field: 'authority', line: locate(['authority']) },
        'Thiếu cơ quan chủ trì (authority).',
        'The authority is missing.',
      ),
    );
  }
  const authority: AuthorityPlan = {
    code: req(a, 'code', ['authority'], locate, problems),
    name: req(a, 'name', ['authority'], locate, problems),
    secretariat: req(a, 'secretariat', ['authority'], locate, problems),
  };
  checkCode(authority.code, 'authority.code', locate(['authority', 'code']), problems);
  return authority;
}

/** The organisations, with their codes (ASCII, unique) for the checks that follow. */
export function readOrganisations(
  raw: Record<string, unknown>,
  locate: Locate,
  problems: Problem[],
): { organisations: OrganisationPlan[]; orgCodes: Set<string> } {
  const orgCodes = new Set<string>();
  const organisations: OrganisationPlan[] = list(raw, 'organisations', locate, problems).map((o, i) => {
    const r = isRecord(o) ? o : {};
    const path = ['organisations', i];
    const org: OrganisationPlan = {
      code: req(r, 'code', path, locate, problems),
      name: req(r, 'name', path, locate, problems),
    };
    const line = locate(path);
    checkCode(org.code, `organisations[${i}].code`, line, problems);
    if (orgCodes.has(org.code)) {
      problems.push(
        problem(
          'duplicate-code',
          { code: org.code, field: `organisations[${i}].code`, line },
          `Mã tổ chức "${org.code}" bị trùng.`,
          `Organisation code "${org.code}" is duplicated.`,
        ),
      );
    }
    orgCodes.add(org.code);
    const shortName = optString(r.shortName);
    const unitGroup = optString(r.unitGroup);
    const predecessors = strList(r.predecessors);
    if (shortName) {
      org.shortName = shortName;
    }
    if (unitGroup) {
      org.unitGroup = unitGroup;
    }
    if (predecessors.length) {
      org.predecessors = predecessors;
    }
    return org;
  });
  return { organisations, orgCodes };
}

/** The secretariat must be one of the organisations. */
export function checkSecretariat(
  authority: AuthorityPlan,
  orgCodes: Set<string>,
  locate: Locate,
  problems: Problem[],
): void {
  if (authority.secretariat && !orgCodes.has(authority.secretariat)) {
    problems.push(
      problem(
        'unknown-organisation',
        { field: 'authority.secretariat', line: locate(['authority', 'secretariat']) },
        `Cơ quan thường trực "${authority.secretariat}" không có trong danh sách tổ chức.`,
        `Secretariat "${authority.secretariat}" is not an organisation.`,
      ),
    );
  }
}

/** The unit groups (one ranking table and criteria set each), with their keys. */
export function readUnitGroups(
  raw: Record<string, unknown>,
  locate: Locate,
  problems: Problem[],
): { unitGroups: UnitGroupPlan[]; groupKeys: Set<string> } {
  const groupKeys = new Set<string>();
  const unitGroups: UnitGroupPlan[] = list(raw, 'unitGroups', locate, problems).map((g, i) => {
    const r = isRecord(g) ? g : {};
    const path = ['unitGroups', i];
    const group: UnitGroupPlan = {
      key: req(r, 'key', path, locate, problems),
      name: req(r, 'name', path, locate, problems),
      catalog: req(r, 'catalog', path, locate, problems),
    };
    if (groupKeys.has(group.key)) {
      problems.push(
        problem(
          'duplicate-code',
          { code: group.key, field: `unitGroups[${i}].key`, line: locate(path) },
          `Nhóm "${group.key}" bị trùng.`,
          `Group "${group.key}" is duplicated.`,
        ),
      );
    }
    groupKeys.add(group.key);
    const table = optString(r.table);
    if (table !== undefined) {
      group.table = Number(table);
    }
    const classes = parseClasses(r.classes, [...path, 'classes'], locate, problems);
    if (classes) {
      group.classes = classes;
    }
    return group;
  });
  return { unitGroups, groupKeys };
}

/** Every unit names a known group and is not its own predecessor; every group has units. */
export function checkGroupMembership(
  organisations: OrganisationPlan[],
  unitGroups: UnitGroupPlan[],
  groupKeys: Set<string>,
  locate: Locate,
  problems: Problem[],
): void {
  organisations.forEach((o, i) => {
    if (o.unitGroup && !groupKeys.has(o.unitGroup)) {
      problems.push(
        problem(
          'unknown-group',
          { code: o.code, field: `organisations[${i}].unitGroup`, line: locate(['organisations', i, 'unitGroup']) },
          `Nhóm "${o.unitGroup}" không có trong unitGroups.`,
          `Group "${o.unitGroup}" is not in unitGroups.`,
        ),
      );
    }
    for (const p of o.predecessors ?? []) {
      if (p === o.code) {
        problems.push(
          problem(
            'invalid-predecessor',
            { code: o.code, field: `organisations[${i}].predecessors` },
            'Một đơn vị không thể là tiền thân của chính nó.',
            'A unit cannot be its own predecessor.',
          ),
        );
      }
    }
  });
  unitGroups.forEach((g, i) => {
    if (!organisations.some((o) => o.unitGroup === g.key)) {
      problems.push(
        problem(
          'empty-group',
          { code: g.key, field: `unitGroups[${i}]`, line: locate(['unitGroups', i]) },
          `Nhóm "${g.key}" chưa có đơn vị nào.`,
          `Group "${g.key}" has no units.`,
        ),
      );
    }
  });
}
