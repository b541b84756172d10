/**
 * The campaign plan (Kế hoạch xác định Chỉ số CCHC) as data: the assessing authority and its secretariat,
 * the organisations (assessed units and appraisers), unit groups with their criteria set, content areas
 * with their appraisers (the routing table), the four phases with their deadline instants, classes,
 * bonus/penalty caps and rounding. Nothing here knows about a particular city: config/data holds that.
 */
import { DateTime } from 'luxon';
import { PHASES, isPhase, type Phase } from './phases';
import { isDocument, parseYamlText, type Locate } from './catalog-yaml';
import { parsePoints, type Milli } from './points';
import { hasErrors, problem } from './problems';
import { DEFAULT_CLASSES, thresholdHundredths, validateClassThresholds, type ClassThreshold } from './ranking';
import { isRecord, optString, show } from './rule-schema';
import type { ScoringPolicy } from './scoring';
import { leaves } from './tree';
import type { CriteriaSet, LoadResult, Problem } from './types';

/** The assessing authority (Cơ quan chủ trì đánh giá): the tenant. */
export interface AuthorityPlan {
  code: string;
  name: string;
  /** Organisation code of the secretariat (the home-affairs office), which consolidates and chairs the council. */
  secretariat: string;
}

/** An organisation: an assessed unit (when `unitGroup` is set), an appraiser, or both. */
export interface OrganisationPlan {
  /** Stable ASCII code; other code keys on it (`nv`, `p-bac-son`). */
  code: string;
  /** Full Vietnamese name. */
  name: string;
  /** Short name for tables ("Nội vụ"). */
  shortName?: string;
  /** The unit group this organisation is assessed in; absent for appraisers that are not assessed. */
  unitGroup?: string;
  /** Codes of the units this one succeeds (mergers), for year-on-year comparison. */
  predecessors?: string[];
}

/** A unit group: one ranking table, one criteria set. */
export interface UnitGroupPlan {
  key: string;
  name: string;
  /** Key of the criteria set (`agency-sample`). */
  catalog: string;
  /** Number of the ranking table in the publication decision (Bảng 1, Bảng 2). */
  table?: number;
  /** Classes for this group; the campaign's when absent. */
  classes?: ClassThreshold[];
}

/** A content area (nội dung thẩm định) and the organisations that appraise it; several share the task. */
export interface ContentAreaPlan {
  code: string;
  name: string;
  appraisers: string[];
}

/** A phase and its deadline. */
export interface PhasePlan {
  key: Phase;
  name: string;
  /** The deadline as written (ISO 8601 with offset), exclusive: the phase is open strictly before it. */
  deadline: string;
  /** The same instant in UTC (ISO, `Z`), as stored. */
  deadlineUtc: string;
  /** The plan's wording ("trước ngày 16/3/2024"). */
  window?: string;
}

/** The whole plan. */
export interface CampaignPlan {
  key: string;
  title: string;
  /** The assessed year (2023 for the 2023 index). */
  year: number;
  /** IANA time zone of the campaign (Asia/Ho_Chi_Minh). */
  timeZone: string;
  /** Legal basis, free text (plan number, decision on the criteria). */
  basis: Record<string, string>;
  authority: AuthorityPlan;
  organisations: OrganisationPlan[];
  unitGroups: UnitGroupPlan[];
  contentAreas: ContentAreaPlan[];
  phases: PhasePlan[];
  classes: ClassThreshold[];
  scoring: ScoringPolicy & {
    /** Decimals shown and ranked on (2). */
    decimals: number;
  };
  /** Who confirms a score when an agency appraises its own sheet: an organisation code, or `council`. */
  conflictOfInterest: { confirmBy: string; fallback: string };
}

function req(
  raw: Record<string, unknown>,
  k: string,
  path: (string | number)[],
  locate: Locate,
  problems: Problem[],
): string {
  const v = optString(raw[k]);
  if (!v) {
    problems.push(
      problem(
        'missing-field',
        { field: [...path, k].join('.'), line: locate([...path, k]) ?? locate(path) },
        `Thiếu "${k}".`,
        `"${k}" is missing.`,
      ),
    );
  }
  return v ?? '';
}

function list(raw: Record<string, unknown>, k: string, locate: Locate, problems: Problem[]): unknown[] {
  const v = raw[k];
  if (!Array.isArray(v)) {
    problems.push(
      problem(
        'missing-list',
        { field: k, line: locate([k]) },
        `"${k}" phải là một danh sách.`,
        `"${k}" must be a list.`,
      ),
    );
    return [];
  }
  return v as unknown[];
}

function strList(v: unknown): string[] {
  if (Array.isArray(v)) {
    return v.map((x) => optString(x)).filter((x): x is string => !!x);
  }
  const s = optString(v);
  return s ? [s] : [];
}

const CODE = /^[a-z0-9][a-z0-9-]*$/;

function checkCode(code: string, field: string, line: number | undefined, problems: Problem[]): void {
  if (code && !CODE.test(code)) {
    problems.push(
      problem(
        'invalid-code',
        { code, field, line },
        `Mã "${code}" chỉ được dùng chữ thường không dấu, số và "-".`,
        `Code "${code}" may only use lower-case ASCII letters, digits and "-".`,
      ),
    );
  }
}

function capPoints(raw: unknown, field: string, line: number | undefined, problems: Problem[], fallback: Milli): Milli {
  if (raw === undefined) {
    return fallback;
  }
  const m = parsePoints(raw);
  if (m === undefined || m < 0) {
    problems.push(
      problem(
        'invalid-points',
        { field, line },
        `"${show(raw)}" phải là số điểm không âm.`,
        `"${show(raw)}" must be a non-negative point value.`,
      ),
    );
    return fallback;
  }
  return m;
}

function parseClasses(
  raw: unknown,
  path: (string | number)[],
  locate: Locate,
  problems: Problem[],
): ClassThreshold[] | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!Array.isArray(raw)) {
    problems.push(
      problem(
        'missing-list',
        { field: path.join('.'), line: locate(path) },
        'classes phải là một danh sách.',
        'classes must be a list.',
      ),
    );
    return undefined;
  }
  const classes = (raw as unknown[]).map((c) => {
    const r = isRecord(c) ? c : {};
    return { key: optString(r.key) ?? '', name: optString(r.name) ?? '', min: optString(r.min) ?? '' };
  });
  for (const p of validateClassThresholds(classes)) {
    const m = /classes\[(\d+)\]/.exec(p.field ?? '');
    problems.push({
      ...p,
      field: `${path.join('.')}${p.field?.replace(/^classes/, '') ?? ''}`,
      line: locate(m ? [...path, Number(m[1])] : path),
    });
  }
  return classes;
}

/**
 * Build and validate a campaign plan from plain data. Checks: required fields, ASCII codes unique across
 * organisations, the secretariat and every appraiser exist, groups exist and name a catalog, every group
 * has units, the four phases are present in order with ISO deadlines carrying an offset and never going
 * backwards, classes descend to 0, caps are non-negative, rounding is 2 decimals.
 */
export function buildCampaignPlan(raw: unknown, locate: Locate = () => undefined): LoadResult<CampaignPlan> {
  const problems: Problem[] = [];
  if (
    !isDocument(
      raw,
      'campaignPlan',
      ['Tệp phải là một kế hoạch (campaignPlan).', 'The file must be a campaign plan.'],
      locate,
      problems,
    )
  ) {
    return { ok: false, problems };
  }
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

  const areaCodes = new Set<string>();
  const contentAreas: ContentAreaPlan[] = list(raw, 'contentAreas', locate, problems).map((c, i) => {
    const r = isRecord(c) ? c : {};
    const path = ['contentAreas', i];
    const area: ContentAreaPlan = {
      code: req(r, 'code', path, locate, problems),
      name: req(r, 'name', path, locate, problems),
      appraisers: strList(r.appraisers),
    };
    const line = locate(path);
    checkCode(area.code, `contentAreas[${i}].code`, line, problems);
    if (areaCodes.has(area.code)) {
      problems.push(
        problem(
          'duplicate-code',
          { code: area.code, field: `contentAreas[${i}].code`, line },
          `Nội dung "${area.code}" bị trùng.`,
          `Content area "${area.code}" is duplicated.`,
        ),
      );
    }
    areaCodes.add(area.code);
    if (area.appraisers.length === 0) {
      problems.push(
        problem(
          'no-appraiser',
          { code: area.code, field: `contentAreas[${i}].appraisers`, line },
          `Nội dung "${area.code}" chưa có cơ quan thẩm định.`,
          `Content area "${area.code}" has no appraiser.`,
        ),
      );
    }
    for (const ap of area.appraisers) {
      if (!orgCodes.has(ap)) {
        problems.push(
          problem(
            'unknown-organisation',
            { code: area.code, field: `contentAreas[${i}].appraisers`, line: locate([...path, 'appraisers']) ?? line },
            `Cơ quan thẩm định "${ap}" không có trong danh sách tổ chức.`,
            `Appraiser "${ap}" is not an organisation.`,
          ),
        );
      }
    }
    return area;
  });

  const phases: PhasePlan[] = [];
  const rawPhases = list(raw, 'phases', locate, problems);
  rawPhases.forEach((p, i) => {
    const r = isRecord(p) ? p : {};
    const path = ['phases', i];
    const line = locate(path);
    const key = req(r, 'key', path, locate, problems);
    const name = req(r, 'name', path, locate, problems);
    const deadline = req(r, 'deadline', path, locate, problems);
    if (key && !isPhase(key)) {
      problems.push(
        problem(
          'unknown-phase',
          { field: `phases[${i}].key`, line },
          `Giai đoạn "${key}" không hợp lệ; dùng: ${PHASES.join(', ')}.`,
          `Unknown phase "${key}"; use: ${PHASES.join(', ')}.`,
        ),
      );
      return;
    }
    // An offset is required: a deadline without one is ambiguous the moment a server runs in UTC.
    const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(deadline);
    const dt = DateTime.fromISO(deadline, { setZone: true });
    if (deadline && (!dt.isValid || !hasOffset)) {
      problems.push(
        problem(
          'invalid-deadline',
          { field: `phases[${i}].deadline`, line: locate([...path, 'deadline']) ?? line },
          `Hạn "${deadline}" phải là ISO 8601 có múi giờ (ví dụ 2024-03-16T00:00:00+07:00).`,
          `Deadline "${deadline}" must be ISO 8601 with an offset (e.g. 2024-03-16T00:00:00+07:00).`,
        ),
      );
      return;
    }
    if (key && deadline && isPhase(key)) {
      const phase: PhasePlan = {
        key,
        name,
        deadline,
        deadlineUtc: dt.toUTC().toISO({ suppressMilliseconds: true }) ?? '',
      };
      const window = optString(r.window);
      if (window) {
        phase.window = window;
      }
      phases.push(phase);
    }
  });
  const order = phases.map((p) => p.key).join(',');
  if (rawPhases.length && order !== PHASES.join(',') && !hasErrors(problems)) {
    problems.push(
      problem(
        'phases-order',
        { field: 'phases', line: locate(['phases']) },
        `Cần đủ 4 giai đoạn theo thứ tự: ${PHASES.join(', ')}.`,
        `The four phases are required, in order: ${PHASES.join(', ')}.`,
      ),
    );
  }
  for (let i = 1; i < phases.length; i++) {
    if (Date.parse(phases[i].deadlineUtc) < Date.parse(phases[i - 1].deadlineUtc)) {
      problems.push(
        problem(
          'deadline-backwards',
          { field: `phases[${i}].deadline`, line: locate(['phases', i, 'deadline']) },
          `Hạn của "${phases[i].key}" sớm hơn hạn của "${phases[i - 1].key}".`,
          `The "${phases[i].key}" deadline is before the "${phases[i - 1].key}" deadline.`,
        ),
      );
    }
  }

  const classes = parseClasses(raw.classes, ['classes'], locate, problems) ?? [...DEFAULT_CLASSES];
  const s = isRecord(raw.scoring) ? raw.scoring : {};
  const decimals = Number(optString(s.decimals) ?? '2');
  if (decimals !== 2) {
    problems.push(
      problem(
        'unsupported-rounding',
        { field: 'scoring.decimals', line: locate(['scoring', 'decimals']) },
        'Hiện chỉ hỗ trợ làm tròn 2 chữ số thập phân.',
        'Only rounding to 2 decimals is supported.',
      ),
    );
  }
  let indexCapHundredths: number | null = 10000;
  const capRaw = optString(s.indexCap);
  if (capRaw === 'none' || capRaw === 'null') {
    indexCapHundredths = null;
  } else if (capRaw !== undefined) {
    const h = thresholdHundredths(capRaw);
    if (h === undefined || h <= 0) {
      problems.push(
        problem(
          'invalid-index-cap',
          { field: 'scoring.indexCap', line: locate(['scoring', 'indexCap']) },
          'indexCap phải là số phần trăm dương (100) hoặc "none".',
          'indexCap must be a positive percentage (100) or "none".',
        ),
      );
    } else {
      indexCapHundredths = h;
    }
  }
  const scoring = {
    bonusCap: capPoints(s.bonusCap, 'scoring.bonusCap', locate(['scoring', 'bonusCap']), problems, 2000),
    penaltyCap: capPoints(s.penaltyCap, 'scoring.penaltyCap', locate(['scoring', 'penaltyCap']), problems, 3000),
    indexCapHundredths,
    decimals,
  };
  const coi = isRecord(raw.conflictOfInterest) ? raw.conflictOfInterest : {};
  const conflictOfInterest = {
    confirmBy: optString(coi.confirmBy) ?? authority.secretariat,
    fallback: optString(coi.fallback) ?? 'council',
  };
  for (const [f, v] of Object.entries(conflictOfInterest)) {
    // Only check what was written: the default (the secretariat) is already checked above.
    if (coi[f] !== undefined && v !== 'council' && v && !orgCodes.has(v)) {
      problems.push(
        problem(
          'unknown-organisation',
          { field: `conflictOfInterest.${f}`, line: locate(['conflictOfInterest', f]) },
          `"${v}" không phải tổ chức hay "council".`,
          `"${v}" is neither an organisation nor "council".`,
        ),
      );
    }
  }

  const plan: CampaignPlan = {
    key,
    title,
    year,
    timeZone,
    basis,
    authority,
    organisations,
    unitGroups,
    contentAreas,
    phases,
    classes,
    scoring,
    conflictOfInterest,
  };
  return hasErrors(problems) ? { ok: false, problems } : { ok: true, value: plan, problems };
}

/** Load a campaign plan from YAML text (see config/data/campaigns); problems carry YAML lines. */
export function loadCampaignPlan(yamlText: string): LoadResult<CampaignPlan> {
  const { data, locate, problems } = parseYamlText(yamlText);
  if (problems.length) {
    return { ok: false, problems };
  }
  return buildCampaignPlan(data, locate);
}

/** The routing table: content area code → appraising organisation codes. */
export function routingTable(plan: CampaignPlan): Map<string, string[]> {
  return new Map(plan.contentAreas.map((a) => [a.code, [...a.appraisers]]));
}

/** The assessed units of a group, in plan order. */
export function unitsOf(plan: CampaignPlan, group: string): OrganisationPlan[] {
  return plan.organisations.filter((o) => o.unitGroup === group);
}

/** Appraising organisations of a content area (empty when unknown). */
export function appraisersFor(plan: CampaignPlan, contentArea: string): string[] {
  return plan.contentAreas.find((a) => a.code === contentArea)?.appraisers ?? [];
}

/** The classes of a group (the group's own, else the campaign's). */
export function classesFor(plan: CampaignPlan, group: string): ClassThreshold[] {
  return plan.unitGroups.find((g) => g.key === group)?.classes ?? plan.classes;
}

/**
 * An organisation appraising its own sheet is a conflict of interest. Returns who must confirm instead:
 * the plan's `confirmBy` (the secretariat by default) unless that is the unit itself, then the fallback
 * (the council). `null` when there is no conflict.
 */
export function conflictReviewer(plan: CampaignPlan, unitCode: string, contentArea: string): string | null {
  if (!appraisersFor(plan, contentArea).includes(unitCode)) {
    return null;
  }
  return plan.conflictOfInterest.confirmBy === unitCode
    ? plan.conflictOfInterest.fallback
    : plan.conflictOfInterest.confirmBy;
}

/**
 * Check that each unit group's criteria set is present and that every leaf (and bonus/penalty item with a
 * content area) routes to at least one appraising organisation.
 */
export function checkCatalogRouting(plan: CampaignPlan, catalogs: readonly CriteriaSet[]): Problem[] {
  const out: Problem[] = [];
  const routing = routingTable(plan);
  for (const g of plan.unitGroups) {
    const set = catalogs.find((c) => c.key === g.catalog);
    if (!set) {
      out.push(
        problem(
          'missing-catalog',
          { field: `unitGroups.${g.key}.catalog` },
          `Nhóm "${g.key}" dùng bộ tiêu chí "${g.catalog}" nhưng chưa nạp.`,
          `Group "${g.key}" uses criteria set "${g.catalog}", which is not loaded.`,
        ),
      );
      continue;
    }
    const items = [...(set.bonus?.items ?? []), ...(set.penalty?.items ?? [])].filter((i) => i.contentArea);
    for (const n of [...leaves(set), ...items]) {
      const area = n.contentArea;
      const appraisers = area ? routing.get(area) : undefined;
      if (!appraisers || appraisers.length === 0) {
        const src = 'source' in n ? n.source : undefined;
        out.push(
          problem(
            'unrouted-leaf',
            { code: n.code, field: 'contentArea', row: src?.row, line: src?.line },
            `Bộ "${set.key}": tiêu chí ${n.code} (nội dung "${area ?? '—'}") không có cơ quan thẩm định.`,
            `Set "${set.key}": ${n.code} (content area "${area ?? '—'}") routes to no appraiser.`,
          ),
        );
      }
    }
  }
  return out;
}
