/**
 * What a leaf's rule suggests for a unit, from its inputs — or, for a `deadline` leaf, from the digital
 * signature of the evidence attached to it (the signing date counts, not the date typed on the document).
 * Pure: callers pass the evidence they loaded. Shared by the self-assessment sheet and the appraisal.
 */
import type { Milli } from './points';
import { evaluateRule, type RuleEvaluation, type RuleInput } from './rules';
import type { CriterionNode, ScoringRule } from './types';

/** One signature of a stored file, as the verifier reported it (the fields this module reads). */
export interface StoredSignature {
  index: number;
  signerName: string | null;
  signerOrganisation: string | null;
  signingTime: string | null;
  /** The time the verifier trusted: a verified timestamp's, else the claimed signingTime (absent in old reports). */
  trustedTime?: string | null;
  /** 'timestamp' when {@link trustedTime} comes from a verified RFC 3161 timestamp. */
  timeSource?: string;
  byteRangeValid: boolean;
  digestMatches: boolean;
  signatureValid: boolean;
  trust: string;
  /** The verifier's per-signature status (absent in reports stored before it existed). */
  status?: string;
  /** 'organisation' or 'person' from the signer certificate; null/absent when unclassified. */
  signerKind?: string | null;
}

/** A document linked to a leaf, with its file's verdict and signatures. */
export interface LinkedDocument {
  evidenceId: number;
  documentNumber: string;
  verdict: string;
  signatures: StoredSignature[];
}

/** The signature whose time decided a `deadline` leaf — shown to the unit and to the appraiser. */
export interface SignatureDecision {
  evidenceId: number;
  documentNumber: string;
  signatureIndex: number;
  signerName: string | null;
  signerOrganisation: string | null;
  /** The time that decided: the timestamp's when one verified, else the time the signer claimed. */
  signingTime: string;
  /** Where {@link signingTime} comes from, so the screen can say it. */
  timeSource: 'timestamp' | 'claimed';
}

export interface Suggestion extends RuleEvaluation {
  decidedBy: SignatureDecision | null;
}

export interface SuggestionContext {
  timeZone: string;
  assessmentYear: number;
}

/**
 * The earliest verified signing time among the documents whose verdict is `valid` or `indeterminate` (the
 * signature holds but its trust or revocation could not be established: the appraiser sees that warning).
 * A document changed after signing or with a broken signature proves no date, so it is skipped (the
 * appraiser still sees it), as is a signature judged `invalid` on its own (e.g. an expired certificate).
 */
export function decidingSignature(
  docs: readonly LinkedDocument[],
  signedBy?: 'organisation',
): SignatureDecision | null {
  let best: SignatureDecision | null = null;
  for (const doc of docs) {
    if (doc.verdict !== 'valid' && doc.verdict !== 'indeterminate') {
      continue;
    }
    for (const s of doc.signatures) {
      // Deadline rules use the trusted time (TT 15/2025): a verified timestamp's, else the signer's claim.
      const time = s.trustedTime ?? s.signingTime;
      if (!time || !s.byteRangeValid || !s.digestMatches || !s.signatureValid || s.status === 'invalid') {
        continue;
      }
      if (signedBy === 'organisation' && s.signerKind !== 'organisation') {
        continue;
      }
      if (!best || Date.parse(time) < Date.parse(best.signingTime)) {
        best = {
          evidenceId: doc.evidenceId,
          documentNumber: doc.documentNumber,
          signatureIndex: s.index,
          signerName: s.signerName,
          signerOrganisation: s.signerOrganisation,
          signingTime: time,
          timeSource: s.timeSource === 'timestamp' ? 'timestamp' : 'claimed',
        };
      }
    }
  }
  return best;
}

/** The suggestion for one leaf. `inputs` are the unit's facts; `docs` the documents linked to this leaf. */
export function suggest(
  leaf: CriterionNode,
  inputs: RuleInput | null,
  docs: readonly LinkedDocument[],
  ctx: SuggestionContext,
): Suggestion {
  const rule = leaf.rule ?? { kind: 'manual' as const };
  const rc = { maxPoints: leaf.maxPoints, timeZone: ctx.timeZone, assessmentYear: ctx.assessmentYear };
  if (rule.kind === 'deadline') {
    if (docs.length === 0) {
      return { ...evaluateRule(rule, { missing: true }, rc), decidedBy: null };
    }
    const decision = decidingSignature(docs, rule.signedBy);
    if (!decision && rule.signedBy === 'organisation' && decidingSignature(docs)) {
      // A person signed, but the criterion asks for the agency's own signature (NĐ 68/2024 certificates).
      return {
        points: null,
        explanation:
          'Tiêu chí yêu cầu văn bản có chữ ký số cơ quan, nhưng văn bản kiểm chứng chỉ có chữ ký số cá nhân; đề nghị tải lên bản đã được ký số bằng chứng thư số của cơ quan.',
        selfScorable: true,
        decidedBy: null,
      };
    }
    if (!decision) {
      return {
        points: null,
        explanation: 'Văn bản kiểm chứng không có chữ ký số hợp lệ; không xác định được ngày ký.',
        selfScorable: true,
        decidedBy: null,
      };
    }
    const evaluation = evaluateRule(rule, { signedAt: decision.signingTime }, rc);
    const who = decision.signerName ? ` (${decision.signerName})` : '';
    const source =
      decision.timeSource === 'timestamp'
        ? 'thời điểm theo dấu thời gian đã kiểm tra'
        : 'thời điểm ký do người ký tự khai, không có dấu thời gian';
    return {
      ...evaluation,
      explanation: `${evaluation.explanation} — theo chữ ký số${who} trên văn bản ${decision.documentNumber} (${source})`,
      decidedBy: decision,
    };
  }
  return { ...evaluateRule(rule, inputs ?? {}, rc), decidedBy: null };
}

/**
 * Every score a leaf's rule can give without more facts (levels, bands, deadline outcomes, checklist subset
 * sums, full marks or the fallback rule's values), or `null` when any value in its range may be right
 * (proportional, perOccurrence, survey, manual; checklists of more than 16 items are treated as continuous).
 * Self scores and appraised scores are both checked against it.
 */
export function possibleScores(leaf: Pick<CriterionNode, 'rule' | 'maxPoints'>): Set<Milli> | null {
  return scoresOfRule(leaf.rule, leaf.maxPoints);
}

function scoresOfRule(rule: ScoringRule | undefined, max: Milli): Set<Milli> | null {
  switch (rule?.kind) {
    case 'levels':
      return new Set(rule.levels.map((l) => l.points));
    case 'bands':
      return new Set([...rule.bands.map((b) => b.points), rule.otherwise]);
    case 'deadline':
      return new Set([max, rule.latePoints, rule.missingPoints]);
    case 'checklist': {
      if (rule.items.length > 16) {
        return null;
      }
      // Every subset sum: 2^n for n ≤ 16 is small.
      let sums = new Set<Milli>([0]);
      for (const item of rule.items) {
        sums = new Set([...sums, ...[...sums].map((s) => s + item.points)]);
      }
      return sums;
    }
    case 'noOccurrenceFullMarks': {
      const other = rule.otherwise ? scoresOfRule(rule.otherwise, max) : null;
      return other ? new Set([max, ...other]) : null;
    }
    case 'proportional':
    case 'perOccurrence':
    case 'survey':
    case 'manual':
    case undefined:
      return null;
  }
}

/** The lowest score a leaf's rule can give: a perOccurrence deduction stops at its floor; 0 otherwise. */
export function lowestScore(leaf: Pick<CriterionNode, 'rule'>): Milli {
  return leaf.rule?.kind === 'perOccurrence' ? leaf.rule.floor : 0;
}
