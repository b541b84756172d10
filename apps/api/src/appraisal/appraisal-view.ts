/**
 * The read model of an appraisal task: each leaf of its area with the unit's self score, the rule's suggestion,
 * the linked documents (every signature report, the inline viewer URL), both appraisal rounds and the final
 * score; the clarifications with their answer documents. Pure: the service loads, this shapes.
 */
import { lowestScore, possibleScores, ruleToText, suggest, type CriterionNode } from '@lib/criteria';
import type { TaskConfirmation, TaskRow } from '../inbox/task.queries';
import type { UserLabel } from '../users/user.queries';
import type { ClarificationRow } from '../sheets/clarification.queries';
import type { SheetDocument } from '../evidence/evidence.queries';
import type { StoredEntry } from '../sheets/sheet.queries';
import { documentsByCode, evidenceRef } from '../sheets/sheet-view';
import type {
  AppraisalEvidenceView,
  AppraisalLeafView,
  AppraisalTaskView,
  ClarificationView,
} from './dto/appraisal.dto';

const points = (milli: number | null) => (milli === null ? null : milli / 1000);

/** What the task view is built from (loaded by AppraisalService.detail). */
export interface TaskViewSources {
  task: TaskRow;
  names: { unitName: string; contentAreaName: string };
  areaLeaves: ReadonlyMap<string, CriterionNode>;
  entries: ReadonlyMap<string, StoredEntry>;
  docs: readonly SheetDocument[];
  clarified: ReadonlySet<string>;
  clarifications: readonly ClarificationRow[];
  confirmation: TaskConfirmation | undefined;
  assignee: UserLabel | null;
}

export function buildTaskView(s: TaskViewSources): AppraisalTaskView {
  const { task, entries, clarified } = s;
  const docsByCode = documentsByCode(s.docs);
  const ctx = { timeZone: task.timezone, assessmentYear: task.campaign_year };
  const leafViews: AppraisalLeafView[] = [...s.areaLeaves.values()].map((leaf) => {
    const e = entries.get(leaf.code);
    const r1 = e?.round1Milli ?? null;
    const r2 = e?.round2Milli ?? null;
    const linked = docsByCode.get(leaf.code) ?? [];
    const suggestion = suggest(leaf, e?.selfInputs ?? null, linked, ctx);
    return {
      code: leaf.code,
      title: leaf.title,
      maxPoints: leaf.maxPoints / 1000,
      rule: leaf.rule ? safeRuleText(leaf) : null,
      minPoints: lowestScore(leaf) / 1000,
      allowedPoints: allowedPoints(leaf),
      ruleKind: leaf.rule?.kind ?? null,
      evidenceHint: leaf.evidenceHint ?? null,
      selfPoints: points(e?.selfMilli ?? null),
      selfExplanation: e?.explanation ?? null,
      suggestion: {
        points: points(suggestion.points),
        explanation: suggestion.explanation,
        selfScorable: suggestion.selfScorable,
        decidedBy: suggestion.decidedBy,
      },
      evidence: linked.map(appraisalEvidence),
      round1: points(r1),
      round1Comment: e?.round1Comment ?? null,
      round2: points(r2),
      round2Comment: e?.round2Comment ?? null,
      needsRound2: clarified.has(leaf.code),
      finalPoints: points(clarified.has(leaf.code) ? r2 : (r2 ?? r1)),
    };
  });
  return {
    id: task.id,
    campaignId: task.campaign_id,
    sheetId: task.sheet_id,
    unitId: task.unit_id,
    unitName: s.names.unitName,
    contentArea: task.content_area,
    contentAreaName: s.names.contentAreaName,
    state: task.state,
    version: task.version,
    assignee: s.assignee,
    dueAt: new Date(task.due_at).toISOString(),
    followUpAt: task.follow_up_at ? new Date(task.follow_up_at).toISOString() : null,
    conflictOfInterest: Boolean(Number(task.conflict_of_interest)),
    confirmerOrganisationId: task.confirmer_organisation_id,
    confirmed: s.confirmation
      ? { userId: s.confirmation.userId, note: s.confirmation.note, at: s.confirmation.confirmedAt.toISOString() }
      : null,
    leaves: leafViews,
    clarifications: s.clarifications.map((k) =>
      clarificationView(k, {
        docs: s.docs,
        entries,
        titles: new Map([...s.areaLeaves.values()].map((l) => [l.code, l.title])),
      }),
    ),
    complete: leafViews.every((l) => l.finalPoints !== null),
  };
}

/** The discrete scores the rule can give (the set an appraised score is checked against), or null. */
function allowedPoints(leaf: CriterionNode): number[] | null {
  const allowed = possibleScores(leaf);
  return allowed ? [...allowed].sort((a, b) => a - b).map((m) => m / 1000) : null;
}

function safeRuleText(leaf: CriterionNode): string | null {
  try {
    return ruleToText(leaf.rule!, leaf.maxPoints);
  } catch {
    return leaf.rule?.kind ?? null;
  }
}

/** A document as the appraiser reviews it, with the inline (sandboxed) URL for the PDF viewer. */
function appraisalEvidence(doc: SheetDocument): AppraisalEvidenceView {
  return {
    ...evidenceRef(doc),
    uploadedAt: new Date(doc.uploadedAt).toISOString(),
    viewUrl: `/api/evidence/${doc.evidenceId}/view`,
    downloadUrl: `/api/evidence/${doc.evidenceId}/download`,
  };
}

/** What a clarification's view reads from its sheet: documents, entries (scores, comments), leaf titles. */
export interface ClarificationSources {
  docs: readonly SheetDocument[];
  entries: ReadonlyMap<string, StoredEntry>;
  titles: ReadonlyMap<string, string>;
}

export function clarificationView(k: ClarificationRow, s: ClarificationSources): ClarificationView {
  const sheetDocs = s.docs;
  const evidenceIds = k.answer_evidence_ids ? (JSON.parse(k.answer_evidence_ids) as number[]) : [];
  const codes = JSON.parse(k.criterion_codes) as string[];
  return {
    id: k.id,
    taskId: k.task_id,
    sheetId: k.sheet_id,
    round: k.round,
    criterionCodes: codes,
    // Per criterion what the unit needs to answer: the scores and the appraiser's latest comment.
    criteria: codes.map((code) => {
      const e = s.entries.get(code);
      return {
        code,
        title: s.titles.get(code) ?? '',
        selfPoints: points(e?.selfMilli ?? null),
        appraisedPoints: points(e?.round2Milli ?? e?.round1Milli ?? null),
        comment: e?.round2Comment ?? e?.round1Comment ?? null,
      };
    }),
    request: k.request,
    dueAt: new Date(k.due_at).toISOString(),
    status: k.status,
    answer: k.answer,
    evidenceIds,
    evidence: sheetDocs.filter((d) => evidenceIds.includes(d.evidenceId)).map(appraisalEvidence),
    answeredAt: k.answered_at ? new Date(k.answered_at).toISOString() : null,
  };
}
