/**
 * The guardrail of every decision that freezes a ranking — the council's approval, the leadership's approval and
 * the publication (issue 17: a campaign where 0 of 22 units had submitted was approved and published with every
 * unit "Yếu"). Each asks `assertDecisionReady` inside its own write transaction, after the phase gate; a campaign
 * with units not submitted, tasks not completed or clarifications open is refused 422 with the list, in
 * Vietnamese, naming what to do next.
 */
import { AppError } from '@lib/common';
import type { EntityManager } from 'typeorm';
import { decisionBlockers, type DecisionBlockers } from './decision-readiness.queries';

export type Decision = 'councilApproval' | 'leadershipApproval' | 'publication';

const DECISION_NAMES: Record<Decision, { vi: string; en: string }> = {
  councilApproval: { vi: 'Hội đồng chưa thể thông qua kết quả', en: 'The council cannot approve the result yet' },
  leadershipApproval: { vi: 'Lãnh đạo chưa thể phê duyệt kết quả', en: 'Leadership cannot approve the result yet' },
  publication: { vi: 'Chưa thể công bố kết quả', en: 'The result cannot be published yet' },
};

/** At most this many names per list in the sentence; the details carry every one. */
const SHOWN = 10;

function names(items: string[]): string {
  const shown = items.slice(0, SHOWN).join(', ');
  return items.length > SHOWN ? `${shown} và ${items.length - SHOWN} mục khác` : shown;
}

function namesEn(items: string[]): string {
  const shown = items.slice(0, SHOWN).join(', ');
  return items.length > SHOWN ? `${shown} and ${items.length - SHOWN} more` : shown;
}

/** The sentences of a refusal, one per kind of blocker (empty when the campaign is ready). */
export function blockerLines(b: DecisionBlockers): { vi: string[]; en: string[] } {
  const vi: string[] = [];
  const en: string[] = [];
  if (b.unsubmitted.length > 0) {
    const list = b.unsubmitted.map((u) => u.unitName);
    vi.push(`${list.length} đơn vị chưa nộp biểu tự chấm điểm: ${names(list)}.`);
    en.push(`${list.length} units have not submitted their self-assessment: ${namesEn(list)}.`);
  }
  if (b.openTasks.length > 0) {
    const list = b.openTasks.map((t) => `${t.unitName} (${t.areaName})`);
    vi.push(`${list.length} nhiệm vụ thẩm định chưa hoàn thành: ${names(list)}.`);
    en.push(`${list.length} appraisal tasks are not completed: ${namesEn(list)}.`);
  }
  if (b.openClarifications.length > 0) {
    const list = b.openClarifications.map((t) => `${t.unitName} (${t.areaName})`);
    vi.push(`${list.length} yêu cầu giải trình đang chờ đơn vị trả lời: ${names(list)}.`);
    en.push(`${list.length} clarification requests await the unit's answer: ${namesEn(list)}.`);
  }
  return { vi, en };
}

export async function assertDecisionReady(em: EntityManager, campaignId: number, decision: Decision): Promise<void> {
  const blockers = await decisionBlockers(em, campaignId);
  const lines = blockerLines(blockers);
  if (lines.vi.length === 0) {
    return;
  }
  const name = DECISION_NAMES[decision];
  throw new AppError(
    'unprocessable',
    'DECISION_NOT_READY',
    `${name.vi}: ${lines.vi.join(' ')} Hãy nhắc các đơn vị nộp biểu (hoặc loại đơn vị không nộp khỏi xếp hạng, ghi rõ lý do, trên Bảng tổng hợp) và hoàn thành thẩm định, giải trình (hoặc gia hạn), rồi thực hiện lại.`,
    `${name.en}: ${lines.en.join(' ')} Have the units submit (or exclude a unit that did not, with its reason, on the consolidation table) and the appraisals and clarifications completed (or extend the phase), then try again.`,
    { decision, ...blockers },
  );
}
