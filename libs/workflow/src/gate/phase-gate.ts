/**
 * The phase gate — the one answer to "may this write happen now?" (docs/ARCHITECTURE.md §gate, invariant 9), for every writer:
 *
 * | writer          | window                                  | opens when the campaign reaches |
 * |-----------------|-----------------------------------------|---------------------------------|
 * | `sheet`         | the sheet's self-assessment             | self-assessment                 |
 * | `appraisal`     | appraisal                               | self-assessment (early routing) |
 * | `clarification` | the request's due instant, and appraisal| self-assessment                 |
 * | `extension`     | appraisal (a late unit must still be appraised) | self-assessment         |
 * | `consolidation` | council review                          | appraisal                       |
 * | `council`       | council review                          | council review                  |
 * | `approval`      | approval (leadership approval, publication) | approval                    |
 * | `correction`    | — (only once published)                 | published                       |
 * | `phaseClose`    | the phase being closed early            | that phase                      |
 * | `deadlineChange`| the phase whose deadline changes        | — (a phase that ended stays ended) |
 *
 * Always inside the caller's write transaction, against `UTC_TIMESTAMP(6)`, with locking reads: the campaign row
 * in share mode (so an early close or an extension committing meanwhile is either seen or waits for this write) —
 * for update when the writer changes the campaign or audits on it (every writer from `consolidation` down) — and
 * the sheet or clarification row for update. A refusal names the instant the window closed (423) or the phase
 * the campaign is in (409).
 */
import { PHASES, isPhase, phaseIndex, type Phase } from '@lib/criteria';
import type { EntityManager } from 'typeorm';
import { notFound } from '@lib/common';
import { campaignApprovals, phaseDeadlines, selfAssessmentDeadline, type PersistedSnapshot } from '../machines';
import {
  firstPublishedAt,
  gateCampaign,
  lockGateClarification,
  lockGateSheet,
  manualCloses,
  type GateCampaignRow,
} from './phase-gate.queries';
import { phaseClosed, phaseNotOpen, type Audience } from './phase-errors';
import {
  clarificationWindow,
  phaseWindow,
  sheetWindow,
  stageOf,
  type CampaignFacts,
  type PhaseWindow,
  type SheetFacts,
} from './phase-window';

export type GateRequest =
  /** `for: 'secretariat'`: the secretariat writes to a unit's sheet (not-applicable marks); its refusal advises it. */
  | { writer: 'sheet'; sheetId: number; for?: Audience }
  | { writer: 'clarification'; clarificationId: number }
  | {
      writer: 'appraisal' | 'extension' | 'consolidation' | 'council' | 'approval' | 'correction';
      campaignId: number;
    }
  | { writer: 'phaseClose' | 'deadlineChange'; campaignId: number; phase: Phase };

export type Writer = GateRequest['writer'];

/** The window each campaign-level writer writes in, and the phase from which it may write. */
const WINDOWS: Record<
  'appraisal' | 'extension' | 'consolidation' | 'council' | 'approval',
  { window: Phase; opensAt: Phase }
> = {
  appraisal: { window: 'appraisal', opensAt: 'selfAssessment' },
  extension: { window: 'appraisal', opensAt: 'selfAssessment' },
  consolidation: { window: 'councilReview', opensAt: 'appraisal' },
  council: { window: 'councilReview', opensAt: 'councilReview' },
  approval: { window: 'approval', opensAt: 'approval' },
};

/** What an accepted write may use: the campaign facts it was judged on (with the database clock). */
export interface GatePass {
  facts: CampaignFacts;
  window: PhaseWindow | null;
}

/**
 * What the database holds about a campaign now. `lock` (in write transactions) reads with shared locks so the
 * decision cannot be overtaken by a transition committing concurrently ('exclusive': the campaign row for update,
 * see {@link gateCampaign}); views read without locks.
 */
export async function readCampaignFacts(
  em: EntityManager,
  campaignId: number,
  options: { lock: boolean | 'exclusive' } = { lock: false },
): Promise<CampaignFacts> {
  const c = await gateCampaign(em, campaignId, options.lock);
  if (!c) {
    throw notFound('campaign');
  }
  const lock = options.lock !== false;
  const locks = await manualCloses(em, campaignId, lock);
  const published = stageOf(c.state) >= PHASES.length ? await firstPublishedAt(em, campaignId, lock) : null;
  return campaignFactsOf(c, locks, published);
}

/** Facts for many campaigns' views at once (no locks): one query per table. */
export function campaignFactsOf(
  c: GateCampaignRow,
  locks: Array<{ phase: string; locked_at: Date }>,
  publishedAt: Date | null,
): CampaignFacts {
  const snapshot = JSON.parse(c.snapshot) as PersistedSnapshot;
  const deadlines = phaseDeadlines(snapshot);
  const approvals = campaignApprovals(snapshot);
  const closedEarly: CampaignFacts['closedEarly'] = {};
  for (const lock of locks) {
    if (isPhase(lock.phase)) {
      closedEarly[lock.phase] = new Date(lock.locked_at);
    }
  }
  return {
    campaignId: c.id,
    timezone: c.timezone,
    state: c.state,
    deadlines: Object.fromEntries(
      PHASES.map((p) => [p, { dueAt: new Date(deadlines[p].dueAt), generation: deadlines[p].generation }]),
    ) as CampaignFacts['deadlines'],
    closedEarly,
    councilApprovedAt: approvals.council?.at ? new Date(approvals.council.at) : null,
    publishedAt: publishedAt ? new Date(publishedAt) : null,
    now: new Date(c.now),
  };
}

/** A sheet's own deadline in force, from its machine snapshot. */
export function sheetFactsOf(snapshot: Pick<PersistedSnapshot, 'context'>): SheetFacts {
  const d = selfAssessmentDeadline(snapshot);
  return {
    dueAt: new Date(d.dueAt),
    generation: d.generation,
    extended: d.extended,
    grantedAt: d.grantedAt ? new Date(d.grantedAt) : null,
  };
}

/**
 * Refuses the write unless its window is open now (423 naming when and how it closed; 409 when its phase has
 * not started). Call it inside the write transaction, after locking the subject row the write changes.
 */
export async function assertWritable(em: EntityManager, request: GateRequest): Promise<GatePass> {
  if (request.writer === 'sheet') {
    const sheet = await lockGateSheet(em, request.sheetId);
    if (!sheet) {
      throw notFound('score sheet');
    }
    const facts = await readCampaignFacts(em, sheet.campaign_id, { lock: true });
    const window = sheetWindow(facts, sheetFactsOf(JSON.parse(sheet.snapshot) as PersistedSnapshot));
    return pass(facts, window, 'selfAssessment', request.for);
  }
  if (request.writer === 'clarification') {
    const k = await lockGateClarification(em, request.clarificationId);
    if (!k) {
      throw notFound('clarification');
    }
    const facts = await readCampaignFacts(em, k.campaign_id, { lock: true });
    return pass(facts, clarificationWindow(facts, new Date(k.due_at)), 'selfAssessment');
  }
  // The writers of the campaign itself (its snapshot, or entries on its audit chain) take its row for update.
  const exclusive = request.writer !== 'appraisal' && request.writer !== 'extension';
  const facts = await readCampaignFacts(em, request.campaignId, { lock: exclusive ? 'exclusive' : true });
  switch (request.writer) {
    case 'correction':
      if (facts.state !== 'published') {
        throw phaseNotOpen('published', facts.state);
      }
      return { facts, window: null };
    case 'phaseClose': {
      const window = phaseWindow(facts, request.phase);
      return pass(facts, window, request.phase);
    }
    case 'deadlineChange': {
      // The phase in progress may be extended after its deadline (that is what reopens it); one that has ended
      // — closed early, decided, or left behind by the campaign — stays ended.
      const window = phaseWindow(facts, request.phase);
      const ended = stageOf(facts.state) > phaseIndex(request.phase) || window.closed?.by !== 'deadline';
      if (window.closed && ended) {
        throw phaseClosed({ phase: window.phase, closed: window.closed }, facts.timezone);
      }
      return { facts, window };
    }
    case 'appraisal':
    case 'extension':
    case 'consolidation':
    case 'council':
    case 'approval': {
      const spec = WINDOWS[request.writer];
      return pass(facts, phaseWindow(facts, spec.window), spec.opensAt);
    }
  }
}

function pass(facts: CampaignFacts, window: PhaseWindow, opensAt: Phase, audience?: Audience): GatePass {
  if (window.closed) {
    throw phaseClosed({ phase: window.phase, closed: window.closed }, facts.timezone, audience);
  }
  if (stageOf(facts.state) < phaseIndex(opensAt)) {
    throw phaseNotOpen(opensAt, facts.state);
  }
  return { facts, window };
}
