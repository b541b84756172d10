import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type CouncilSessionStatus = 'open' | 'approved';

/** A meeting of the Hội đồng thẩm định for a campaign; its agenda is the consolidated table. */
@Entity('council_sessions')
@Index('uq_council_sessions_seq', ['campaignId', 'sequence'], { unique: true })
export class CouncilSession {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  /** 1, 2, … within the campaign. */
  @Column({ type: 'int', unsigned: true })
  sequence: number;

  /** Meeting date (local calendar date of the campaign). */
  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  location: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: CouncilSessionStatus;

  /** Free-text conclusions written into the minutes. */
  @Column({ type: 'text', nullable: true })
  conclusions: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  approvedBy: number | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  approvedAt: Date | null;

  /** The vote (for / against / abstain); NULL on rows recorded before votes were (migration CouncilVotes). */
  @Column({ type: 'int', unsigned: true, nullable: true })
  votesFor: number | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  votesAgainst: number | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  votesAbstain: number | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

export type CouncilRole = 'chair' | 'vice_chair' | 'member' | 'secretary';

/** A member of a council session: a person (optionally a user of the system) and their role in the council. */
@Entity('council_members')
@Index('ix_council_members_session', ['sessionId', 'id'])
export class CouncilMember {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  sessionId: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  userId: number | null;

  @Column({ type: 'varchar', length: 255 })
  fullName: string;

  /** Position and organisation ("Trưởng phòng Nội vụ"). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  position: string | null;

  @Column({ type: 'varchar', length: 16 })
  role: CouncilRole;
}

/**
 * A council adjustment of one leaf of one unit: the value before, the council's value, the reason (required)
 * and the member who proposed it. Append-only: a second adjustment of the same leaf is a new row; the leaf's
 * `score_entries.council_milli` holds the latest.
 */
@Entity('council_adjustments')
@Index('ix_council_adjustments_session', ['sessionId', 'unitId', 'criterionCode'])
export class CouncilAdjustment {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  sessionId: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'int', unsigned: true })
  unitId: number;

  @Column({ type: 'varchar', length: 32 })
  criterionCode: string;

  /** Final value before this adjustment (council ?? round 2 ?? round 1), milli-points. */
  @Column({ type: 'int', nullable: true })
  previousMilli: number | null;

  @Column({ type: 'int' })
  councilMilli: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'int', unsigned: true })
  proposedByMemberId: number;

  /** The vote (for / against / abstain); NULL on rows recorded before votes were (migration CouncilVotes). */
  @Column({ type: 'int', unsigned: true, nullable: true })
  votesFor: number | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  votesAgainst: number | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  votesAbstain: number | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

/**
 * A council vote that missed the campaign's quorum or threshold (issue 17): it changed nothing, and the minutes
 * record that it was taken and why it did not carry. `unitId`/`criterionCode` name the adjustment voted on; both
 * NULL for a vote on the result.
 */
@Entity('council_refused_votes')
@Index('ix_council_refused_votes_session', ['sessionId'])
export class CouncilRefusedVote {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  sessionId: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  unitId: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  criterionCode: string | null;

  @Column({ type: 'int', unsigned: true })
  votesFor: number;

  @Column({ type: 'int', unsigned: true })
  votesAgainst: number;

  @Column({ type: 'int', unsigned: true })
  votesAbstain: number;

  /** The session's voting members when the vote was taken (the quorum is counted against them). */
  @Column({ type: 'int', unsigned: true })
  votingMembers: number;

  @Column({ type: 'varchar', length: 16 })
  quorum: string;

  @Column({ type: 'varchar', length: 16 })
  threshold: string;

  /** The refusal as the chair read it (Vietnamese). */
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'int', unsigned: true, nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
