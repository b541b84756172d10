/**
 * The read model of a score sheet: the criteria tree with each leaf's rule, self score, inputs, suggestion,
 * evidence, appraisal columns and totals (via `scoreSheet`). Pure: the service loads, this shapes.
 */
import {
  indexHundredths,
  lowestScore,
  milliToNumber,
  possibleScores,
  ruleToText,
  scoreSheet,
  type CriterionNode,
  type Milli,
  type NodeTotals,
  type ScoringRule,
} from '@lib/criteria';
import { secondsLeft, sheetFactsOf, sheetWindow, type CampaignFacts, type PersistedSnapshot } from '@lib/workflow';
import type {
  DeadlineView,
  EvidenceRefView,
  NodeTotalsView,
  RuleView,
  SheetNodeView,
  SheetView,
} from './dto/sheet.dto';
import type { SheetRow } from './sheet-access.service';
import type { SheetDocument } from '../evidence/evidence.queries';
import type { StoredEntry } from './sheet.queries';
import { DEFAULT_SCORING_POLICY, suggest } from '@lib/criteria';
import { submissionProblems } from './submission-check';

const pts = (milli: Milli): number => milliToNumber(milli);
const ptsOrNull = (milli: Milli | null | undefined): number | null =>
  milli === null || milli === undefined ? null : milliToNumber(milli);
const pct = (achieved: Milli, max: Milli): number => (max > 0 ? indexHundredths(achieved, max) / 100 : 0);

/** A sheet's self-assessment window as the phase gate judges it now: the deadline in force and whether, when and how it closed. */
export function deadlineOf(facts: CampaignFacts, snapshot: PersistedSnapshot): DeadlineView {
  const sheet = sheetFactsOf(snapshot);
  const window = sheetWindow(facts, sheet);
  return {
    dueAt: sheet.dueAt.toISOString(),
    generation: sheet.generation,
    extended: sheet.extended,
    closed: window.closed !== null,
    closedAt: window.closed ? window.closed.at.toISOString() : null,
    closedBy: window.closed ? window.closed.by : null,
    secondsLeft: secondsLeft(window, facts.now),
  };
}

export function ruleView(rule: ScoringRule | undefined, maxPoints: Milli): RuleView {
  const r = rule ?? { kind: 'manual' as const };
  const options =
    r.kind === 'levels'
      ? r.levels.map((l) => ({ key: l.key, label: l.label, points: pts(l.points) }))
      : r.kind === 'checklist'
        ? r.items.map((i) => ({ key: i.key, label: i.label, points: pts(i.points) }))
        : undefined;
  const description =
    r.kind === 'manual' ? 'Chấm theo thực tế trong khoảng 0 đến điểm tối đa' : ruleToText(r, maxPoints);
  // The values a self score may take, shown next to the input: a short list, or the range when there are many
  // (a checklist's sums are not listed: its items show their points.)
  const possible = r.kind === 'checklist' ? null : possibleScores({ rule: r, maxPoints });
  const allowed = possible && possible.size <= 6 ? [...possible].sort((a, b) => a - b).map(pts) : null;
  return {
    kind: r.kind,
    description,
    allowed,
    lowest: pts(lowestScore({ rule: r })),
    ...(options ? { options } : {}),
    ...(r.kind === 'noOccurrenceFullMarks' && r.otherwise ? { otherwise: ruleView(r.otherwise, maxPoints) } : {}),
  };
}

export function evidenceRef(doc: SheetDocument): EvidenceRefView {
  return {
    id: doc.evidenceId,
    documentType: doc.documentType,
    documentNumber: doc.documentNumber,
    issuedOn: doc.issuedOn,
    issuingBody: doc.issuingBody,
    summary: doc.summary,
    filename: doc.filename,
    sizeBytes: doc.sizeBytes,
    verdict: doc.verdict,
    signedAt: doc.signedAt ? doc.signedAt.toISOString() : null,
    checkedAt: doc.checkedAt ? doc.checkedAt.toISOString() : null,
    verdictCurrent: !doc.verdictStale,
    signers: doc.signatures.map((s) => s.signerName ?? '?'),
    codes: doc.codes,
    signatures: doc.signatures,
  };
}

function totalsView(t: NodeTotals): NodeTotalsView {
  return {
    self: pts(t.self),
    round1: pts(t.round1),
    round2: pts(t.round2),
    final: pts(t.final),
    selfIndex: pct(t.self, t.maxPoints),
    finalIndex: t.indexHundredths / 100,
  };
}

export function buildSheetView(
  sheet: SheetRow,
  entries: ReadonlyMap<string, StoredEntry>,
  docs: readonly SheetDocument[],
  deadline: DeadlineView,
  editable: boolean,
  notApplicable: ReadonlyMap<string, { reason: string }> = new Map(),
): SheetView {
  const set = sheet.set;
  const na = new Set(notApplicable.keys());
  const byCode = documentsByCode(docs);
  const result = scoreSheet(
    set,
    [...entries.values()].map((e) => ({
      code: e.code,
      self: e.selfMilli,
      round1: e.round1Milli,
      round2: e.round2Milli,
      council: e.councilMilli,
    })),
    {},
    DEFAULT_SCORING_POLICY,
    na,
  );
  const totalsByCode = new Map<string, NodeTotals>();
  const index = (t: NodeTotals) => {
    totalsByCode.set(t.code, t);
    t.children.forEach(index);
  };
  result.fields.forEach(index);
  const ctx = { timeZone: sheet.timezone, assessmentYear: sheet.campaignYear };

  const node = (n: CriterionNode): SheetNodeView => {
    const totals = totalsView(totalsByCode.get(n.code)!);
    const base = {
      code: n.code,
      title: n.title,
      maxPoints: pts(n.maxPoints),
      leaf: n.children.length === 0,
      ...(n.contentArea ? { contentArea: n.contentArea } : {}),
      ...(n.evidenceHint ? { evidenceHint: n.evidenceHint } : {}),
      totals,
    };
    if (n.children.length > 0) {
      return { ...base, children: n.children.map(node) };
    }
    const mark = notApplicable.get(n.code);
    if (mark) {
      return { ...base, notApplicable: { reason: mark.reason }, children: [] };
    }
    const e = entries.get(n.code);
    const linked = byCode.get(n.code) ?? [];
    const suggestion = suggest(n, e?.selfInputs ?? null, linked, ctx);
    const final = e ? (e.councilMilli ?? e.round2Milli ?? e.round1Milli) : null;
    return {
      ...base,
      rule: ruleView(n.rule, n.maxPoints),
      selfPoints: ptsOrNull(e?.selfMilli),
      inputs: (e?.selfInputs as Record<string, unknown> | null | undefined) ?? null,
      explanation: e?.explanation ?? null,
      suggested: {
        points: ptsOrNull(suggestion.points),
        explanation: suggestion.explanation,
        selfScorable: suggestion.selfScorable,
        decidedBy: suggestion.decidedBy,
      },
      evidence: linked.map(evidenceRef),
      round1: { points: ptsOrNull(e?.round1Milli), comment: e?.round1Comment ?? null },
      round2: { points: ptsOrNull(e?.round2Milli), comment: e?.round2Comment ?? null },
      council: { points: ptsOrNull(e?.councilMilli), comment: e?.councilReason ?? null },
      finalPoints: ptsOrNull(final),
      children: [],
    };
  };

  const max = result.totals.maxPoints;
  return {
    id: sheet.id,
    campaignId: sheet.campaignId,
    campaignName: sheet.campaignName,
    unitId: sheet.unitId,
    unitCode: sheet.unitCode,
    unitName: sheet.unitName,
    unitGroup: sheet.unitGroup,
    status: sheet.state,
    version: sheet.version,
    submittedAt: sheet.submittedAt ? sheet.submittedAt.toISOString() : null,
    deadline,
    selfTotal: pts(result.totals.self),
    maxPoints: pts(max),
    selfIndex: result.index.self / 100,
    criteriaSet: {
      id: sheet.criteriaSetId,
      code: sheet.setCode,
      version: sheet.setVersion,
      title: set.title,
      sample: set.sample,
      ...(set.notice ? { notice: set.notice } : {}),
    },
    editable,
    nodes: set.nodes.map(node),
    achieved: {
      self: pts(result.achieved.self),
      round1: pts(result.achieved.round1),
      round2: pts(result.achieved.round2),
      final: pts(result.achieved.final),
    },
    index: {
      self: result.index.self / 100,
      round1: result.index.round1 / 100,
      round2: result.index.round2 / 100,
      final: result.index.final / 100,
    },
    fields: result.fields.map((f) => ({ code: f.code, title: f.title, maxPoints: pts(f.maxPoints), ...totalsView(f) })),
    problems: result.problems.map((p) => ({
      kind: p.kind,
      ...(p.code ? { code: p.code } : {}),
      message: p.message,
      messageVi: p.messageVi,
    })),
    submitProblems: submissionProblems(set, entries, docs, na),
  };
}

/** Leaf code → the documents linked to it. */
export function documentsByCode<T extends { codes: string[] }>(docs: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const doc of docs) {
    for (const code of doc.codes) {
      map.set(code, [...(map.get(code) ?? []), doc]);
    }
  }
  return map;
}
