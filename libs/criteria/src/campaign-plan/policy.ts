/** The plan's scoring policy (rounding, index cap, bonus/penalty caps) and who confirms under a conflict of interest. */
import type { Locate } from '../catalog-yaml';
import { problem } from '../problems';
import { thresholdHundredths } from '../ranking';
import { isRecord, optString } from '../rule-schema';
import type { Problem } from '../types';
import { capPoints } from './fields';
import type { AuthorityPlan, CampaignPlan } from './types';

/** Rounding (2 decimals only), the index cap (a percentage or none) and the bonus/penalty caps. */
export function readScoring(
  raw: Record<string, unknown>,
  locate: Locate,
  problems: Problem[],
): CampaignPlan['scoring'] {
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
  return scoring;
}

/** Who confirms a score an agency gave its own sheet; only what was written is checked. */
export function readConflictOfInterest(
  raw: Record<string, unknown>,
  authority: AuthorityPlan,
  orgCodes: Set<string>,
  locate: Locate,
  problems: Problem[],
): CampaignPlan['conflictOfInterest'] {
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
  return conflictOfInterest;
}
