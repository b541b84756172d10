/**
 * What people read for each machine state, in Vietnamese and English: refusals name the state a thing is in
 * (never the code). The web app keeps its own labels for screens; these are for messages built on the server.
 */
export interface StateName {
  vi: string;
  en: string;
}

export const STATE_NAMES: Record<'campaign' | 'scoreSheet' | 'appraisalTask', Record<string, StateName>> = {
  campaign: {
    draft: { vi: 'chuẩn bị (chưa mở)', en: 'preparation (not opened)' },
    selfAssessment: { vi: 'tự đánh giá, chấm điểm', en: 'self-assessment' },
    appraisal: { vi: 'thẩm định, tổng hợp', en: 'appraisal and consolidation' },
    councilReview: { vi: 'Hội đồng thẩm định', en: 'council review' },
    approval: { vi: 'phê duyệt, công bố', en: 'approval and publication' },
    published: { vi: 'đã công bố', en: 'published' },
    archived: { vi: 'đã lưu trữ', en: 'archived' },
  },
  scoreSheet: {
    draft: { vi: 'đang tự chấm', en: 'drafting' },
    locked: { vi: 'đã khóa', en: 'locked' },
    submitted: { vi: 'đã nộp', en: 'submitted' },
    underAppraisal: { vi: 'đang thẩm định', en: 'under appraisal' },
    clarificationRequested: { vi: 'đang giải trình', en: 'clarification requested' },
    clarified: { vi: 'đã giải trình', en: 'clarified' },
    appraised: { vi: 'đã thẩm định', en: 'appraised' },
    final: { vi: 'đã chốt', en: 'final' },
  },
  appraisalTask: {
    open: { vi: 'chưa có người nhận', en: 'unclaimed' },
    claimed: { vi: 'đã nhận', en: 'claimed' },
    inReview: { vi: 'đang thẩm định', en: 'in review' },
    awaitingClarification: { vi: 'chờ giải trình', en: 'awaiting clarification' },
    completed: { vi: 'đã hoàn thành', en: 'completed' },
  },
};

/** The name of `state` of machine `machineId` (the code itself for a state without a name: a bug, but no crash). */
export function stateName(machineId: keyof typeof STATE_NAMES, state: string): StateName {
  return STATE_NAMES[machineId][state] ?? { vi: state, en: state };
}
