/**
 * The council aggregate's SQL (council_sessions, council_members, council_adjustments): the one place that reads
 * or writes them. Sessions are read through their campaign's authority, so another authority's is not found.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface CouncilSessionRow {
  id: number;
  campaignId: number;
  sequence: number;
  heldOn: string | Date;
  location: string | null;
  status: string;
  conclusions: string | null;
  approvedAt: Date | null;
  votes: VoteRow | null;
}

/** A recorded vote; null where it was never recorded (rows from before votes were). */
export interface VoteRow {
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
}

function voteOf(r: { votes_for: number | null; votes_against: number | null; votes_abstain: number | null }) {
  return r.votes_for === null
    ? null
    : { votesFor: r.votes_for, votesAgainst: r.votes_against ?? 0, votesAbstain: r.votes_abstain ?? 0 };
}

export async function findSession(
  em: EntityManager,
  sessionId: number,
  campaignId: number,
  authorityId: number,
): Promise<CouncilSessionRow | undefined> {
  const [s] = await rows<{
    id: number;
    campaign_id: number;
    sequence: number;
    held_on: string | Date;
    location: string | null;
    status: string;
    conclusions: string | null;
    approved_at: Date | null;
    votes_for: number | null;
    votes_against: number | null;
    votes_abstain: number | null;
  }>(
    em,
    `SELECT s.id, s.campaign_id, s.sequence, s.held_on, s.location, s.status, s.conclusions, s.approved_at,
            s.votes_for, s.votes_against, s.votes_abstain
       FROM council_sessions s JOIN campaigns c ON c.id = s.campaign_id
      WHERE s.id = ? AND s.campaign_id = ? AND c.authority_id = ?`,
    [sessionId, campaignId, authorityId],
  );
  return (
    s && {
      id: s.id,
      campaignId: s.campaign_id,
      sequence: s.sequence,
      heldOn: s.held_on,
      location: s.location,
      status: s.status,
      conclusions: s.conclusions,
      approvedAt: s.approved_at ? new Date(s.approved_at) : null,
      votes: voteOf(s),
    }
  );
}

/** The session ids of a campaign of the authority, in sequence. */
export async function sessionIds(em: EntityManager, campaignId: number, authorityId: number): Promise<number[]> {
  const found = await rows<{ id: number }>(
    em,
    'SELECT s.id FROM council_sessions s JOIN campaigns c ON c.id = s.campaign_id WHERE s.campaign_id = ? AND c.authority_id = ? ORDER BY s.sequence',
    [campaignId, authorityId],
  );
  return found.map((s) => s.id);
}

/** Inside the caller's transaction: the campaign's open session (locked), if any. */
export async function lockOpenSession(em: EntityManager, campaignId: number): Promise<number | undefined> {
  const [open] = await rows<{ id: number }>(
    em,
    "SELECT id FROM council_sessions WHERE campaign_id = ? AND status = 'open' FOR UPDATE",
    [campaignId],
  );
  return open?.id;
}

/** Inside the caller's transaction: the session's status (locked), undefined when it is not the campaign's. */
export async function lockSessionStatus(
  em: EntityManager,
  sessionId: number,
  campaignId: number,
): Promise<string | undefined> {
  const [s] = await rows<{ status: string }>(
    em,
    'SELECT status FROM council_sessions WHERE id = ? AND campaign_id = ? FOR UPDATE',
    [sessionId, campaignId],
  );
  return s?.status;
}

export interface NewCouncilMember {
  fullName: string;
  position?: string;
  role: string;
  userId?: number;
}

/** Creates the campaign's next session (sequence = last + 1) with its members; returns its id. */
export async function insertSession(
  em: EntityManager,
  session: { campaignId: number; heldOn: string; location: string | null; createdBy: number },
  members: readonly NewCouncilMember[],
): Promise<number> {
  const [seq] = await rows<{ n: number | null }>(
    em,
    'SELECT MAX(sequence) AS n FROM council_sessions WHERE campaign_id = ?',
    [session.campaignId],
  );
  const inserted = await write(
    em,
    'INSERT INTO council_sessions (campaign_id, sequence, held_on, location, status, created_by) VALUES (?, ?, ?, ?, ?, ?)',
    [session.campaignId, Number(seq?.n ?? 0) + 1, session.heldOn, session.location, 'open', session.createdBy],
  );
  for (const m of members) {
    await write(
      em,
      'INSERT INTO council_members (session_id, user_id, full_name, position, role) VALUES (?, ?, ?, ?, ?)',
      [inserted.insertId, m.userId ?? null, m.fullName, m.position ?? null, m.role],
    );
  }
  return inserted.insertId;
}

export async function approveSession(
  em: EntityManager,
  sessionId: number,
  approvedBy: number,
  conclusions: string | null,
  votes: VoteRow,
): Promise<void> {
  await write(
    em,
    `UPDATE council_sessions SET status = 'approved', approved_by = ?, approved_at = UTC_TIMESTAMP(6), conclusions = ?,
            votes_for = ?, votes_against = ?, votes_abstain = ?
      WHERE id = ?`,
    [approvedBy, conclusions, votes.votesFor, votes.votesAgainst, votes.votesAbstain, sessionId],
  );
}

/** The members who vote: everyone but the secretary, who keeps the minutes. */
export async function votingMemberCount(em: EntityManager, sessionId: number): Promise<number> {
  const [n] = await rows<{ n: number }>(
    em,
    "SELECT COUNT(*) AS n FROM council_members WHERE session_id = ? AND role <> 'secretary'",
    [sessionId],
  );
  return Number(n?.n ?? 0);
}

/** The campaign's council vote rules as stored (the service checks them against the known rules). */
export async function councilRulesOf(
  em: EntityManager,
  campaignId: number,
): Promise<{ quorum: string; threshold: string } | undefined> {
  const [r] = await rows<{ council_quorum: string; council_threshold: string }>(
    em,
    'SELECT council_quorum, council_threshold FROM campaigns WHERE id = ?',
    [campaignId],
  );
  return r && { quorum: r.council_quorum, threshold: r.council_threshold };
}

export async function setCouncilRules(
  em: EntityManager,
  campaignId: number,
  rules: { quorum: string; threshold: string },
): Promise<void> {
  await write(em, 'UPDATE campaigns SET council_quorum = ?, council_threshold = ? WHERE id = ?', [
    rules.quorum,
    rules.threshold,
    campaignId,
  ]);
}

export interface CouncilMemberRow {
  id: number;
  fullName: string;
  position: string | null;
  role: string;
  userId: number | null;
}

export async function sessionMembers(em: EntityManager, sessionId: number): Promise<CouncilMemberRow[]> {
  const found = await rows<{
    id: number;
    full_name: string;
    position: string | null;
    role: string;
    user_id: number | null;
  }>(em, 'SELECT id, full_name, position, role, user_id FROM council_members WHERE session_id = ? ORDER BY id', [
    sessionId,
  ]);
  return found.map((m) => ({ id: m.id, fullName: m.full_name, position: m.position, role: m.role, userId: m.user_id }));
}

export async function isSessionMember(em: EntityManager, memberId: number, sessionId: number): Promise<boolean> {
  const [member] = await rows<{ id: number }>(em, 'SELECT id FROM council_members WHERE id = ? AND session_id = ?', [
    memberId,
    sessionId,
  ]);
  return member !== undefined;
}

/** The user id of the session's chair (null when the chair has no account; undefined without a chair). */
export async function chairUserId(em: EntityManager, sessionId: number): Promise<number | null | undefined> {
  const [chair] = await rows<{ user_id: number | null }>(
    em,
    "SELECT user_id FROM council_members WHERE session_id = ? AND role = 'chair'",
    [sessionId],
  );
  return chair ? chair.user_id : undefined;
}

export interface CouncilAdjustmentRow {
  id: number;
  unitId: number;
  unitName: string;
  criterionCode: string;
  previousMilli: number | null;
  councilMilli: number;
  reason: string;
  proposedByMemberId: number;
  proposedBy: string;
  createdAt: Date;
  votes: VoteRow | null;
}

export async function sessionAdjustments(em: EntityManager, sessionId: number): Promise<CouncilAdjustmentRow[]> {
  const found = await rows<{
    id: number;
    unit_id: number;
    unit_name: string;
    criterion_code: string;
    previous_milli: number | null;
    council_milli: number;
    reason: string;
    proposed_by_member_id: number;
    proposed_by: string;
    created_at: Date;
    votes_for: number | null;
    votes_against: number | null;
    votes_abstain: number | null;
  }>(
    em,
    `SELECT a.id, a.unit_id, u.name AS unit_name, a.criterion_code, a.previous_milli, a.council_milli, a.reason,
            a.proposed_by_member_id, m.full_name AS proposed_by, a.created_at,
            a.votes_for, a.votes_against, a.votes_abstain
       FROM council_adjustments a JOIN units u ON u.id = a.unit_id JOIN council_members m ON m.id = a.proposed_by_member_id
      WHERE a.session_id = ? ORDER BY a.id`,
    [sessionId],
  );
  return found.map((a) => ({
    id: a.id,
    unitId: a.unit_id,
    unitName: a.unit_name,
    criterionCode: a.criterion_code,
    previousMilli: a.previous_milli,
    councilMilli: a.council_milli,
    reason: a.reason,
    proposedByMemberId: a.proposed_by_member_id,
    proposedBy: a.proposed_by,
    createdAt: new Date(a.created_at),
    votes: voteOf(a),
  }));
}

export async function insertAdjustment(
  em: EntityManager,
  a: {
    sessionId: number;
    campaignId: number;
    unitId: number;
    criterionCode: string;
    previousMilli: number | null;
    councilMilli: number;
    reason: string;
    proposedByMemberId: number;
    createdBy: number;
    votes: VoteRow;
  },
): Promise<void> {
  await write(
    em,
    `INSERT INTO council_adjustments (session_id, campaign_id, unit_id, criterion_code, previous_milli, council_milli, reason, proposed_by_member_id, created_by, votes_for, votes_against, votes_abstain)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      a.sessionId,
      a.campaignId,
      a.unitId,
      a.criterionCode,
      a.previousMilli,
      a.councilMilli,
      a.reason,
      a.proposedByMemberId,
      a.createdBy,
      a.votes.votesFor,
      a.votes.votesAgainst,
      a.votes.votesAbstain,
    ],
  );
}

/** A vote that did not carry (issue 17): written for the minutes, while the decision itself writes nothing. */
export async function insertRefusedVote(
  em: EntityManager,
  v: {
    sessionId: number;
    unitId: number | null;
    criterionCode: string | null;
    votes: VoteRow;
    votingMembers: number;
    rules: { quorum: string; threshold: string };
    reason: string;
    createdBy: number;
  },
): Promise<void> {
  await write(
    em,
    `INSERT INTO council_refused_votes (session_id, unit_id, criterion_code, votes_for, votes_against, votes_abstain, voting_members, quorum, threshold, reason, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      v.sessionId,
      v.unitId,
      v.criterionCode,
      v.votes.votesFor,
      v.votes.votesAgainst,
      v.votes.votesAbstain,
      v.votingMembers,
      v.rules.quorum,
      v.rules.threshold,
      v.reason,
      v.createdBy,
    ],
  );
}

export interface RefusedVoteRow extends VoteRow {
  /** The adjusted unit's name; null for a vote on the result. */
  unitName: string | null;
  criterionCode: string | null;
  votingMembers: number;
  reason: string;
  createdAt: Date;
}

/** The session's refused votes, oldest first. */
export async function sessionRefusedVotes(em: EntityManager, sessionId: number): Promise<RefusedVoteRow[]> {
  const found = await rows<{
    unit_name: string | null;
    criterion_code: string | null;
    votes_for: number;
    votes_against: number;
    votes_abstain: number;
    voting_members: number;
    reason: string;
    created_at: Date;
  }>(
    em,
    `SELECT u.name AS unit_name, r.criterion_code, r.votes_for, r.votes_against, r.votes_abstain, r.voting_members,
            r.reason, r.created_at
       FROM council_refused_votes r LEFT JOIN units u ON u.id = r.unit_id
      WHERE r.session_id = ? ORDER BY r.id`,
    [sessionId],
  );
  return found.map((r) => ({
    unitName: r.unit_name,
    criterionCode: r.criterion_code,
    votesFor: r.votes_for,
    votesAgainst: r.votes_against,
    votesAbstain: r.votes_abstain,
    votingMembers: r.voting_members,
    reason: r.reason,
    createdAt: r.created_at,
  }));
}
