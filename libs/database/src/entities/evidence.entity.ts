import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One stored PDF, content-addressed: the file lives outside any web root under a name made from its SHA-256,
 * so the same bytes uploaded twice (by one unit or several) are stored once. The checks of the pipeline
 * (structure, risk flags, signatures) depend only on the bytes, so they are kept here once too.
 */
@Entity('evidence_files')
@Index('uq_evidence_files_sha256', ['sha256'], { unique: true })
@Index('ix_evidence_files_verdict_key', ['trustFingerprint', 'verifierVersion'])
export class EvidenceFile {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  /** Lower-case hex SHA-256 of the content (64 chars). */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bigint', unsigned: true })
  sizeBytes: number;

  /** Path relative to the uploads directory, made by the server from the hash (never from the client's name). */
  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  @Column({ type: 'varchar', length: 16 })
  pdfVersion: string;

  /** Active content found by the structural check (JSON array: JavaScript, Launch…), shown to appraisers. */
  @Column({ type: 'text' })
  riskFlags: string;

  /** `valid` | `modifiedAfterSigning` | `invalid` | `indeterminate` | `unsigned`. */
  @Column({ type: 'varchar', length: 32 })
  signatureVerdict: string;

  /** Every signature's report (signer, organisation, signing time, checks, trust) as JSON. */
  @Column({ type: 'longtext' })
  signatures: string;

  /** Earliest signing time among the signatures that verify, for `deadline` rules. */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  signedAt: Date | null;

  /**
   * The current verdict's key with the file hash (issue 18 item 6): the verifier that computed it and the trust
   * configuration it ran under (evidence/trust-configuration.ts). A verdict under another key is stale and is
   * re-checked by the `evidence.recheck` job; NULL: computed before keys were kept (stale under any key).
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  verifierVersion: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  trustFingerprint: string | null;

  /** When the current verdict was computed (the appraiser reads "Kiểm tra lúc …"). */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  checkedAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

/**
 * A document of one score sheet (Tài liệu kiểm chứng) with its reference: type, number/symbol, issue date,
 * issuing body and summary. One row per sheet and file: the same document uploaded again for other
 * criteria adds links, not rows.
 */
@Entity('evidence')
@Index('uq_evidence_sheet_file', ['sheetId', 'fileId'], { unique: true })
export class Evidence {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  sheetId: number;

  @Column({ type: 'int', unsigned: true })
  fileId: number;

  /** The client's file name, sanitised, for display and download names only. */
  @Column({ type: 'varchar', length: 255 })
  originalFilename: string;

  /** Loại văn bản: QĐ, KH, BC, CV, TB… */
  @Column({ type: 'varchar', length: 64 })
  documentType: string;

  /** Số, ký hiệu (e.g. 6614/QĐ-UBND). */
  @Column({ type: 'varchar', length: 128 })
  documentNumber: string;

  @Column({ type: 'date' })
  issuedOn: string;

  @Column({ type: 'varchar', length: 255 })
  issuingBody: string;

  /** Trích yếu. */
  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'int', unsigned: true })
  uploadedBy: number;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

/** Which leaf a document supports; the ZIP export has one folder per linked criterion code. */
@Entity('evidence_links')
@Index('uq_evidence_links_evidence_code', ['evidenceId', 'criterionCode'], { unique: true })
@Index('ix_evidence_links_sheet_code', ['sheetId', 'criterionCode'])
export class EvidenceLink {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  evidenceId: number;

  /** Denormalised from the evidence row so a sheet's links are read without a join. */
  @Column({ type: 'int', unsigned: true })
  sheetId: number;

  @Column({ type: 'varchar', length: 32 })
  criterionCode: string;

  @Column({ type: 'int', unsigned: true })
  createdBy: number;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
