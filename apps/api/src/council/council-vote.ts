/**
 * The council's vote rules (issue 17: an approval and every adjustment must record their vote and meet the
 * quorum and the threshold). Pure: the service reads the counts and the campaign's rules, this says what is
 * missing, in Vietnamese and English, or nothing when the vote carries.
 *
 * - Quorum: the members present (every present member casts for, against or abstains) against the session's
 *   voting members (the secretary keeps the minutes and does not vote).
 * - Threshold: the votes for against the members present.
 */

import { COUNCIL_QUORUMS, type CouncilQuorum } from '@lib/criteria';

/** The rules a quorum or a threshold may take (the campaign definition's, so the wizard and the api agree). */
export const COUNCIL_VOTE_RULES = COUNCIL_QUORUMS;
export type CouncilVoteRule = CouncilQuorum;

export interface CouncilRules {
  quorum: CouncilVoteRule;
  threshold: CouncilVoteRule;
}

export const DEFAULT_COUNCIL_RULES: CouncilRules = { quorum: 'majority', threshold: 'majority' };

export interface VoteCounts {
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
}

/** How the rule reads in a sentence: "quá nửa", "ít nhất hai phần ba", "tất cả". */
export const RULE_WORDS: Record<CouncilVoteRule, { vi: string; en: string }> = {
  majority: { vi: 'quá nửa', en: 'more than half' },
  twoThirds: { vi: 'ít nhất hai phần ba', en: 'at least two thirds' },
  all: { vi: 'tất cả', en: 'all' },
};

/** The least count out of `n` that meets the rule (majority of 6 is 4, two thirds of 7 is 5). */
export function required(rule: CouncilVoteRule, n: number): number {
  switch (rule) {
    case 'majority':
      return Math.floor(n / 2) + 1;
    case 'twoThirds':
      return Math.ceil((2 * n) / 3);
    case 'all':
      return n;
  }
}

export interface VoteProblem {
  code: 'VOTES_EXCEED_MEMBERS' | 'NO_QUORUM' | 'NOT_CARRIED';
  vi: string;
  en: string;
}

/**
 * What keeps a vote from carrying: more ballots than voting members, no quorum, or too few votes for.
 * `subject` names what was voted on ("kết quả", "điều chỉnh").
 */
export function voteProblems(
  votes: VoteCounts,
  votingMembers: number,
  rules: CouncilRules,
  subject: { vi: string; en: string },
): VoteProblem[] {
  const present = votes.votesFor + votes.votesAgainst + votes.votesAbstain;
  if (present > votingMembers) {
    return [
      {
        code: 'VOTES_EXCEED_MEMBERS',
        vi: `Tổng số phiếu (${present}) nhiều hơn số thành viên biểu quyết của phiên họp (${votingMembers}); hãy kiểm tra lại số phiếu.`,
        en: `The ballots (${present}) outnumber the session's voting members (${votingMembers}); check the counts.`,
      },
    ];
  }
  const problems: VoteProblem[] = [];
  const quorum = required(rules.quorum, votingMembers);
  if (present < quorum) {
    problems.push({
      code: 'NO_QUORUM',
      vi: `Chưa đủ túc số: ${present}/${votingMembers} thành viên có mặt biểu quyết, cần ${RULE_WORDS[rules.quorum].vi} (ít nhất ${quorum}). Hãy ghi đủ phiếu của các thành viên có mặt, hoặc biểu quyết khi đủ thành viên.`,
      en: `No quorum: ${present}/${votingMembers} members present voted, ${RULE_WORDS[rules.quorum].en} needed (at least ${quorum}). Record every present member's vote, or vote when enough members attend.`,
    });
    return problems;
  }
  const needed = required(rules.threshold, present);
  if (votes.votesFor < needed) {
    problems.push({
      code: 'NOT_CARRIED',
      vi: `${subject.vi[0].toUpperCase()}${subject.vi.slice(1)} chưa được thông qua: ${votes.votesFor}/${present} phiếu tán thành, cần ${RULE_WORDS[rules.threshold].vi} số thành viên có mặt (ít nhất ${needed}). Hãy thảo luận thêm và biểu quyết lại.`,
      en: `The ${subject.en} is not carried: ${votes.votesFor}/${present} votes for, ${RULE_WORDS[rules.threshold].en} of the members present needed (at least ${needed}). Discuss further and vote again.`,
    });
  }
  return problems;
}
