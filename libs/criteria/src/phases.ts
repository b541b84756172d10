/**
 * The campaign's phases — the one list. The plan (config/data/campaigns/*.yaml), the campaign machine, the
 * phase gate, the DTOs and OpenAPI enums, and (through the generated client) the web app all use these keys.
 * `approval` is the phase that ends with the publication decision (phê duyệt, công bố).
 */
export const PHASES = ['selfAssessment', 'appraisal', 'councilReview', 'approval'] as const;

/** A phase key. */
export type Phase = (typeof PHASES)[number];

/** What people read for each phase, in Vietnamese and English. */
export const PHASE_NAMES: Readonly<Record<Phase, { vi: string; en: string }>> = {
  selfAssessment: { vi: 'tự đánh giá, chấm điểm', en: 'self-assessment' },
  appraisal: { vi: 'thẩm định, tổng hợp', en: 'appraisal and consolidation' },
  councilReview: { vi: 'Hội đồng thẩm định', en: 'council review' },
  approval: { vi: 'phê duyệt, công bố', en: 'approval and publication' },
};

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

/** Position of a phase in the campaign (0 for self-assessment). */
export function phaseIndex(phase: Phase): number {
  return PHASES.indexOf(phase);
}
