/** The campaign wizard's values, their defaults, and the definition they stand for (POST /api/admin/campaigns). */
import type { Dayjs } from 'dayjs';
import { ApiError, type Schemas } from '../../api/client';
import { TIME_ZONE } from '../../lib/format';
import { deadlineOfLastDay, PHASE_KEYS, type PhaseKey } from '../../lib/phase-order';

export type Organisation = Schemas['OrganisationDto'];
export type CriteriaSet = Schemas['CriteriaSetListItemView'];
export type Definition = Schemas['CampaignDefinitionDto'];

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
  deadlines: Partial<Record<PhaseKey, Dayjs | null>>;
  reminders: { enabled: boolean; daysBefore: number[]; sendTime: string; workingDaysOnly: boolean };
  classes: { key: string; name: string; min: number }[];
  council: { members: number[]; chair?: number };
}

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

/** The step a field of the definition is entered on (an api problem is shown there). */
export function stepOfField(field: string): number {
  const head = field.split(/[.[]/)[0];
  if (['year', 'name', 'code', 'planNumber', 'planDate'].includes(head)) {
    return 0;
  }
  if (head === 'groups') {
    return 1;
  }
  if (head === 'deadlines') {
    return 2;
  }
  if (['reminders', 'classes', 'council'].includes(head)) {
    return 3;
  }
  return 4;
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

/** The definition the form stands for (undefined parts are left for the api to name). */
export const toDefinition = (v: WizardValues, confirmBy: string): Definition => ({
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
  // The routing table is edited on its own screen (another brief); the campaign starts without one.
  routing: [],
  deadlines: Object.fromEntries(
    PHASE_KEYS.map((p) => [p, v.deadlines?.[p] ? deadlineOfLastDay(v.deadlines[p]) : '']),
  ) as Definition['deadlines'],
  reminders: v.reminders,
  classes: (v.classes ?? []).map((c) => ({ key: c.key, name: c.name, min: String(c.min) })),
  ...(v.council?.members?.length && v.council.chair !== undefined
    ? { council: { members: v.council.members, chair: v.council.chair } }
    : {}),
  scoring: { bonusCap: 2, penaltyCap: 3, indexCap: 100, decimals: 2 },
  conflictOfInterest: { confirmBy: confirmBy, fallback: 'council' },
});
