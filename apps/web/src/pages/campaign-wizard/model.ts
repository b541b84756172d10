/** The campaign wizard's values, their defaults, and the definition they stand for (POST /api/admin/campaigns). */
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { ApiError, type Schemas } from '../../api/client';
import { TIME_ZONE } from '../../lib/format';
import { deadlineOfLastDay, PHASE_KEYS, type PhaseKey } from '../../lib/phase-order';

export type Organisation = Schemas['OrganisationDto'];
export type CriteriaSet = Schemas['CriteriaSetListItemView'];
export type Definition = Schemas['CampaignDefinitionDto'];
export type SuggestedArea = Schemas['SuggestedAreaView'];

export interface GroupValues {
  key: string;
  name: string;
  criteriaSetId?: number;
  table: number;
  units: string[];
}

export interface WizardValues {
  year: number;
  name: string;
  code: string;
  planNumber?: string;
  planDate?: Dayjs | null;
  groups: GroupValues[];
  /** Content area code → appraising organisation codes (the routing step). */
  routing: Record<string, string[] | undefined>;
  deadlines: Partial<Record<PhaseKey, Dayjs | null>>;
  reminders: { enabled: boolean; daysBefore: number[]; sendTime: string; workingDaysOnly: boolean };
  classes: { key: string; name: string; min: number }[];
  council: { members: number[]; chair?: number; quorum: CouncilQuorum };
}

export type CouncilQuorum = NonNullable<Definition['councilQuorum']>;

/** The quorum choices as the wizard and its review word them (the api's council-vote RULE_WORDS). */
export const QUORUM_LABELS: Record<CouncilQuorum, [string, string]> = {
  majority: ['Quá nửa số thành viên Hội đồng', 'More than half of the members'],
  twoThirds: ['Ít nhất hai phần ba số thành viên Hội đồng', 'At least two thirds of the members'],
  all: ['Tất cả thành viên Hội đồng', 'Every member'],
};

/** The classes most plans use (the secretariat changes them here; the api checks they descend to 0). */
export const DEFAULT_CLASSES = [
  { key: 'xuat-sac', name: 'Xuất sắc', min: 90 },
  { key: 'tot', name: 'Tốt', min: 80 },
  { key: 'kha', name: 'Khá', min: 70 },
  { key: 'trung-binh', name: 'Trung bình', min: 50 },
  { key: 'yeu', name: 'Yếu', min: 0 },
];

export const PHASE_FIELD_LABELS: Record<PhaseKey, [string, string]> = {
  selfAssessment: ['Ngày cuối tự đánh giá, chấm điểm', 'Last day of self-assessment'],
  appraisal: ['Ngày cuối thẩm định, tổng hợp', 'Last day of appraisal'],
  councilReview: ['Ngày cuối họp Hội đồng thẩm định', 'Last day of the council review'],
  approval: ['Ngày cuối phê duyệt, công bố', 'Last day of approval and publication'],
};

/** The wizard's steps in order (the index is the step number). */
export const STEP_ROUTING = 2;
export const STEP_REVIEW = 5;

/** The step a field of the definition is entered on (an api problem is shown there). */
export function stepOfField(field: string): number {
  const head = field.split(/[.[]/)[0];
  if (['year', 'name', 'code', 'planNumber', 'planDate'].includes(head)) {
    return 0;
  }
  if (head === 'groups') {
    return 1;
  }
  if (head === 'routing') {
    return STEP_ROUTING;
  }
  if (head === 'deadlines') {
    return 3;
  }
  if (['reminders', 'classes', 'council'].includes(head)) {
    return 4;
  }
  return STEP_REVIEW;
}

/** `groups[0].table` → ['groups', 0, 'table'], the form's name path of an api problem's field. */
export function namePath(field: string): (string | number)[] {
  return field
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export interface FieldProblem {
  field?: string;
  message: string;
  messageVi: string;
}

export function problemsOf(error: unknown): FieldProblem[] {
  if (error instanceof ApiError && error.details && typeof error.details === 'object') {
    const list = (error.details as { problems?: FieldProblem[] }).problems;
    return Array.isArray(list) ? list : [];
  }
  return [];
}

/** The unit groups the authority's assessed units belong to, in first-seen order, with their units. */
export function unitGroupsOf(organisations: Organisation[]): { key: string; units: Organisation[] }[] {
  const groups = new Map<string, Organisation[]>();
  for (const o of organisations) {
    if (o.unitGroup) {
      groups.set(o.unitGroup, [...(groups.get(o.unitGroup) ?? []), o]);
    }
  }
  return [...groups].map(([key, units]) => ({ key, units }));
}

/** The newest stored version of the set written for a group, if any. */
export function latestSetFor(sets: CriteriaSet[], group: string): CriteriaSet | undefined {
  return sets
    .filter((s) => s.unitGroup === group)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.version - a.version)[0];
}

/** What a copy carries over unchanged that the wizard does not edit. */
export type Carried = Pick<Definition, 'scoring' | 'conflictOfInterest'>;

/** The routing the form stands for: every content area of the chosen sets with the organisations chosen for it. */
export function routingOf(v: WizardValues, areas: SuggestedArea[]): Definition['routing'] {
  // An area left without an organisation is not sent: the api names it at `routing.<code>` (its field here).
  return areas
    .map((a) => ({ code: a.code, name: a.name, appraisers: v.routing?.[a.code] ?? [] }))
    .filter((a) => a.appraisers.length > 0);
}

/** The definition the form stands for (undefined parts are left for the api to name). */
export const toDefinition = (
  v: WizardValues,
  confirmBy: string,
  areas: SuggestedArea[],
  carried?: Carried,
): Definition => ({
  code: v.code?.trim(),
  year: v.year,
  name: v.name?.trim(),
  ...(v.planNumber?.trim() ? { planNumber: v.planNumber.trim() } : {}),
  ...(v.planDate ? { planDate: v.planDate.format('YYYY-MM-DD') } : {}),
  timeZone: TIME_ZONE,
  groups: (v.groups ?? []).map((g) => ({
    key: g.key,
    name: g.name?.trim(),
    criteriaSetId: g.criteriaSetId ?? 0,
    table: g.table,
    units: g.units ?? [],
  })),
  routing: routingOf(v, areas),
  deadlines: Object.fromEntries(
    PHASE_KEYS.map((p) => [p, v.deadlines?.[p] ? deadlineOfLastDay(v.deadlines[p]) : '']),
  ) as Definition['deadlines'],
  reminders: v.reminders,
  classes: (v.classes ?? []).map((c) => ({ key: c.key, name: c.name, min: String(c.min) })),
  ...(v.council?.members?.length && v.council.chair !== undefined
    ? { council: { members: v.council.members, chair: v.council.chair } }
    : {}),
  councilQuorum: v.council?.quorum ?? 'majority',
  scoring: carried?.scoring ?? { bonusCap: 2, penaltyCap: 3, indexCap: 100, decimals: 2 },
  conflictOfInterest: carried?.conflictOfInterest ?? { confirmBy, fallback: 'council' },
});

/** The last day (Vietnam time, no DST) an exclusive deadline instant still accepts work, one year later. */
function lastDayNextYear(instant: string): Dayjs {
  const local = new Date(Date.parse(instant) - 1 + 7 * 3_600_000).toISOString().slice(0, 10);
  return dayjs(local).add(1, 'year');
}

/** The unit that replaced `code` (a merger), following a chain of mergers; `code` itself when none did. */
function successorOf(code: string, organisations: Organisation[]): string {
  let current = code;
  for (let hops = 0; hops < organisations.length; hops++) {
    const next = organisations.find((o) => o.predecessors.includes(current));
    if (!next) {
      break;
    }
    current = next.code;
  }
  return current;
}

/**
 * Next year's wizard values from a campaign's definition ("Sao chép từ năm trước"): the year + 1 (in the name and
 * the code too), every date a year later, the same groups, sets, units, classes, reminders and council — a unit
 * merged since appears as its successor.
 */
export function nextYearValues(def: Definition, organisations: Organisation[]): Partial<WizardValues> {
  const year = def.year + 1;
  const bump = (text: string) => text.split(String(def.year)).join(String(year));
  return {
    year,
    name: bump(def.name),
    code: def.code.includes(String(def.year)) ? bump(def.code) : `${def.code}-${year}`,
    planNumber: def.planNumber,
    planDate: def.planDate ? dayjs(def.planDate).add(1, 'year') : null,
    groups: def.groups.map((g) => ({
      key: g.key,
      name: g.name,
      criteriaSetId: g.criteriaSetId,
      table: g.table,
      units: [...new Set((g.units ?? []).map((u) => successorOf(u, organisations)))],
    })),
    // Last year's routing: the routing step keeps it for the areas the chosen sets still have.
    routing: Object.fromEntries(def.routing.map((a) => [a.code, a.appraisers])),
    deadlines: Object.fromEntries(PHASE_KEYS.map((p) => [p, lastDayNextYear(def.deadlines[p])])),
    reminders: def.reminders ?? { enabled: true, daysBefore: [7, 3, 1], sendTime: '08:00', workingDaysOnly: true },
    classes: def.classes.map((c) => ({ key: c.key, name: c.name, min: Number(c.min) })),
    council: {
      members: def.council?.members ?? [],
      ...(def.council ? { chair: def.council.chair } : {}),
      quorum: def.councilQuorum ?? 'majority',
    },
  };
}
