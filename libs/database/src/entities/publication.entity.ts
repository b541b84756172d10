import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A publication decision (Quyết định công bố Chỉ số CCHC): number, date, signer, and a frozen snapshot of the
 * ranking tables. Immutable (triggers refuse UPDATE and DELETE): a correction is the next revision, which
 * names the one it supersedes and why.
 */
@Entity('publications')
@Index('uq_publications_revision', ['campaignId', 'revision'], { unique: true })
export class Publication {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'int', unsigned: true })
  revision: number;

  /** Số quyết định, e.g. "1234/QĐ-UBND". */
  @Column({ type: 'varchar', length: 64 })
  decisionNumber: string;

  @Column({ type: 'date' })
  decisionDate: string;

  @Column({ type: 'varchar', length: 255 })
  signerName: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  signerTitle: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  supersedesId: number | null;

  /** Why a revision corrects the previous one (required for revision ≥ 2). */
  @Column({ type: 'text', nullable: true })
  correctionReason: string | null;

  /** sha256 of the canonical JSON of the frozen tables: what was published can be re-verified. */
  @Column({ type: 'char', length: 64 })
  snapshotHash: string;

  @Column({ type: 'int', unsigned: true, nullable: true })
  publishedBy: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  publishedAt: Date;
}

/** One row of a published ranking table (Bảng 1, Bảng 2 …), frozen with the publication. */
@Entity('published_rankings')
@Index('uq_published_rankings_unit', ['publicationId', 'unitId'], { unique: true })
@Index('ix_published_rankings_table', ['publicationId', 'tableNo', 'position'])
export class PublishedRanking {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  publicationId: number;

  @Column({ type: 'tinyint', unsigned: true })
  tableNo: number;

  @Column({ name: 'unit_group', type: 'varchar', length: 32 })
  group: string;

  @Column({ type: 'varchar', length: 255 })
  groupName: string;

  /** 1-based display position (unique within the table). */
  @Column({ type: 'int', unsigned: true })
  position: number;

  /** Competition rank: ties share it, the next is skipped. */
  @Column({ type: 'int', unsigned: true })
  rank: number;

  @Column({ type: 'boolean' })
  tied: boolean;

  @Column({ type: 'int', unsigned: true })
  unitId: number;

  @Column({ type: 'varchar', length: 64 })
  unitCode: string;

  @Column({ type: 'varchar', length: 255 })
  unitName: string;

  /** Index in hundredths of a percent (9218 = 92,18). */
  @Column({ type: 'int', unsigned: true })
  indexHundredths: number;

  @Column({ type: 'int' })
  achievedMilli: number;

  @Column({ type: 'int', unsigned: true })
  maxMilli: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  classKey: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  className: string | null;

  /** Field sub-indexes, JSON: [{code, title, achievedMilli, maxMilli, indexHundredths}]. */
  @Column({ type: 'text' })
  fields: string;

  /** Excluded by the secretariat (not ranked, rank 0): the reason, frozen with the table. */
  @Column({ type: 'text', nullable: true })
  excludedReason: string | null;
}
