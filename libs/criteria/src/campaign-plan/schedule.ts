/** The plan's routing and calendar: content areas with their appraisers, and the four phases with deadlines. */
import { DateTime } from 'luxon';
import type { Locate } from '../catalog-yaml';
import { checkPhaseOrder } from '../phase-order';
import { PHASES, isPhase } from '../phases';
import { hasErrors, problem } from '../problems';
import { isRecord, optString } from '../rule-schema';
import type { Problem } from '../types';
import { checkCode, list, req, strList } from './fields';
import type { ContentAreaPlan, PhasePlan } from './types';

/** Content areas (the routing table): unique codes, each with at least one known appraiser. */
export function readContentAreas(
  raw: Record<string, unknown>,
  orgCodes: Set<string>,
  locate: Locate,
  problems: Problem[],
): ContentAreaPlan[] {
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
  return contentAreas;
}

/** The four phases, in order, with ISO deadlines carrying an offset, each after the one before (checkPhaseOrder). */
export function readPhases(
  raw: Record<string, unknown>,
  timeZone: string,
  locate: Locate,
  problems: Problem[],
): PhasePlan[] {
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
  // Deadlines are compared only once the phases themselves are in order (otherwise that is the one problem).
  const byKey = order === PHASES.join(',') ? Object.fromEntries(phases.map((ph) => [ph.key, ph.deadlineUtc])) : {};
  for (const p of checkPhaseOrder(byKey, timeZone)) {
    const i = phases.findIndex((ph) => ph.key === p.field);
    problems.push({ ...p, field: `phases[${i}].deadline`, line: locate(['phases', i, 'deadline']) });
  }
  return phases;
}
