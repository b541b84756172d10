/**
 * The evidence aggregate's SQL (evidence documents, their content-addressed evidence_files and the
 * evidence_links to leaves): the one place that reads or writes them. Scope predicates come from the caller
 * (SheetAccess read/write scopes, unit alias `unit`), so another unit's document is simply not found.
 */
import type { LinkedDocument } from '@lib/criteria';
import { rows, write } from '@lib/database';
import type { PdfSignatureReport } from '@lib/pdf';
import type { EntityManager } from 'typeorm';
import type { ScopeSql } from '../sheets/sheet.queries';

/** A document of the sheet with its file's checks and the leaves it is linked to. */
export interface SheetDocument extends LinkedDocument {
  /** As the verifier reported them (stored as JSON in evidence_files.signatures). */
  signatures: PdfSignatureReport[];
  codes: string[];
  documentType: string;
  issuedOn: string;
  issuingBody: string;
  summary: string;
  filename: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  riskFlags: string[];
  signedAt: Date | null;
  uploadedAt: Date;
  /** When the current verdict was computed (null: never known, a file stored before it was kept). */
  checkedAt: Date | null;
  /**
   * The verdict was computed under another trust configuration or verifier than the one the reports process last
   * started with: not current, a re-check is due (evidence/recheck). False while no process has announced a key.
   */
  verdictStale: boolean;
}

/**
 * The key of the trust configuration the reports process last started with (its newest `trustChanged` run), as a
 * derived table joined to evidence_files `f`: a verdict under another key is stale.
 */
const CURRENT_KEY_JOIN = `LEFT JOIN (SELECT trust_fingerprint, verifier_version FROM evidence_recheck_runs
       WHERE cause = 'trustChanged' ORDER BY id DESC LIMIT 1) cur ON 1 = 1`;
const STALE_SQL = `(cur.trust_fingerprint IS NOT NULL AND NOT (f.trust_fingerprint <=> cur.trust_fingerprint AND f.verifier_version <=> cur.verifier_version))`;

/** The sheet's documents, or only the one `evidenceId` names (an upload's answer need not read the sheet's hundred). */
export async function loadDocuments(em: EntityManager, sheetId: number, evidenceId?: number): Promise<SheetDocument[]> {
  const found = await rows<{
    id: number;
    original_filename: string;
    document_type: string;
    document_number: string;
    issued_on: string;
    issuing_body: string;
    summary: string;
    created_at: Date;
    sha256: string;
    size_bytes: number;
    storage_key: string;
    signature_verdict: string;
    signatures: string;
    signed_at: Date | null;
    risk_flags: string;
    codes: string | null;
    checked_at: Date | null;
    verdict_stale: number | string;
  }>(
    em,
    `SELECT e.id, e.original_filename, e.document_type, e.document_number, DATE_FORMAT(e.issued_on, '%Y-%m-%d') AS issued_on,
            e.issuing_body, e.summary, e.created_at, f.sha256, f.size_bytes, f.storage_key, f.signature_verdict,
            f.signatures, f.signed_at, f.risk_flags, f.checked_at, ${STALE_SQL} AS verdict_stale,
            (SELECT GROUP_CONCAT(l.criterion_code ORDER BY l.criterion_code SEPARATOR '\n') FROM evidence_links l WHERE l.evidence_id = e.id) AS codes
       FROM evidence e JOIN evidence_files f ON f.id = e.file_id ${CURRENT_KEY_JOIN}
      WHERE e.sheet_id = ?${evidenceId === undefined ? '' : ' AND e.id = ?'} ORDER BY e.id`,
    evidenceId === undefined ? [sheetId] : [sheetId, evidenceId],
  );
  return found.map((r) => ({
    evidenceId: r.id,
    documentNumber: r.document_number,
    verdict: r.signature_verdict,
    signatures: storedSignatures(r.signatures),
    codes: r.codes ? r.codes.split('\n') : [],
    documentType: r.document_type,
    issuedOn: r.issued_on,
    issuingBody: r.issuing_body,
    summary: r.summary,
    filename: r.original_filename,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    storageKey: r.storage_key,
    riskFlags: JSON.parse(r.risk_flags) as string[],
    signedAt: r.signed_at,
    uploadedAt: r.created_at,
    checkedAt: r.checked_at,
    verdictStale: Number(r.verdict_stale) === 1,
  }));
}

/**
 * The stored reports, with the fields later verifier versions added filled as "not known" for files verified
 * before them (the classification and the coded findings came with issue 18; such a file shows no kind, and its notes only
 * as a count on a Vietnamese screen, until it is checked again).
 */
function storedSignatures(json: string): PdfSignatureReport[] {
  type Added = 'signerKind' | 'signerKindBasis' | 'findings' | 'checkedAt';
  type Stored = Omit<PdfSignatureReport, Added> & Partial<Pick<PdfSignatureReport, Added>>;
  return (JSON.parse(json) as Stored[]).map((s) => ({
    ...s,
    signerKind: s.signerKind ?? null,
    signerKindBasis: s.signerKindBasis ?? null,
    findings: s.findings ?? [],
    checkedAt: s.checkedAt ?? null,
  }));
}

/** A document inside the scope, with where its file is stored. */
export interface EvidenceFileRow {
  id: number;
  sheetId: number;
  filename: string;
  sizeBytes: number;
  storageKey: string;
}

export async function findEvidenceFile(
  em: EntityManager,
  evidenceId: number,
  scope: ScopeSql,
): Promise<EvidenceFileRow | undefined> {
  const [found] = await rows<{
    id: number;
    sheet_id: number;
    original_filename: string;
    size_bytes: number;
    storage_key: string;
  }>(
    em,
    `SELECT e.id, e.sheet_id, e.original_filename, f.size_bytes, f.storage_key
       FROM evidence e
       JOIN evidence_files f ON f.id = e.file_id
       JOIN score_sheets s ON s.id = e.sheet_id
       JOIN units unit ON unit.id = s.unit_id
      WHERE e.id = ? AND ${scope.sql}`,
    [evidenceId, ...scope.values],
  );
  return (
    found && {
      id: found.id,
      sheetId: found.sheet_id,
      filename: found.original_filename,
      sizeBytes: Number(found.size_bytes),
      storageKey: found.storage_key,
    }
  );
}

/** The sheet of a document inside the scope, else undefined. */
export async function sheetOfEvidence(
  em: EntityManager,
  evidenceId: number,
  scope: ScopeSql,
): Promise<number | undefined> {
  const [found] = await rows<{ sheet_id: number }>(
    em,
    `SELECT e.sheet_id FROM evidence e JOIN score_sheets s ON s.id = e.sheet_id JOIN units unit ON unit.id = s.unit_id
      WHERE e.id = ? AND ${scope.sql}`,
    [evidenceId, ...scope.values],
  );
  return found?.sheet_id;
}

/** Removes one link; false when the document was not linked to the leaf. */
export async function deleteLink(em: EntityManager, evidenceId: number, code: string): Promise<boolean> {
  const removed = await write(em, 'DELETE FROM evidence_links WHERE evidence_id = ? AND criterion_code = ?', [
    evidenceId,
    code,
  ]);
  return removed.affectedRows > 0;
}

export async function countLinks(em: EntityManager, evidenceId: number): Promise<number> {
  const [left] = await rows<{ n: number | string }>(
    em,
    'SELECT COUNT(*) AS n FROM evidence_links WHERE evidence_id = ?',
    [evidenceId],
  );
  return Number(left.n);
}

/** Removes the document row (the content-addressed file stays: other sheets may share it). */
export async function deleteEvidence(em: EntityManager, evidenceId: number): Promise<void> {
  await write(em, 'DELETE FROM evidence WHERE id = ?', [evidenceId]);
}

/** What one check of a file concluded, and the key it is stored under (issue 18 item 6). */
export interface VerdictWrite {
  verdict: string;
  signatures: readonly PdfSignatureReport[];
  signedAt: Date | null;
  verifierVersion: string;
  trustFingerprint: string;
  checkedAt: Date;
}

/** Why a verdict was computed: an upload, the reports process starting under a new key, or a person asking. */
export type VerdictCause = 'upload' | 'trustChanged' | 'requested';

/** A verified file as stored once per content (sha256). */
export interface EvidenceFileWrite extends VerdictWrite {
  sha256: string;
  sizeBytes: number;
  storageKey: string;
  pdfVersion: string | null;
  riskFlags: readonly string[];
}

/**
 * Stores the file's row, or finds the existing one with the same content; returns its id. The verdict is the
 * one just computed, also for known content: it depends on the trust anchors and revocation data of the
 * moment, not on the bytes alone (a re-upload after configuring anchors must not serve the old verdict).
 * Every verdict is also kept in evidence_verdicts, so the earlier one stays readable.
 */
export async function upsertEvidenceFile(em: EntityManager, file: EvidenceFileWrite): Promise<number> {
  const saved = await write(
    em,
    `INSERT INTO evidence_files (sha256, size_bytes, storage_key, pdf_version, risk_flags, signature_verdict, signatures,
       signed_at, verifier_version, trust_fingerprint, checked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), signature_verdict = VALUES(signature_verdict),
       signatures = VALUES(signatures), signed_at = VALUES(signed_at), verifier_version = VALUES(verifier_version),
       trust_fingerprint = VALUES(trust_fingerprint), checked_at = VALUES(checked_at)`,
    [
      file.sha256,
      file.sizeBytes,
      file.storageKey,
      file.pdfVersion,
      JSON.stringify(file.riskFlags),
      file.verdict,
      JSON.stringify(file.signatures),
      file.signedAt,
      file.verifierVersion,
      file.trustFingerprint,
      file.checkedAt,
    ],
  );
  await insertVerdictHistory(em, saved.insertId, file, 'upload', null);
  return saved.insertId;
}

/** A re-check's verdict becomes the file's current one; the earlier stays in evidence_verdicts. */
export async function storeRecheckedVerdict(
  em: EntityManager,
  fileId: number,
  verdict: VerdictWrite,
  cause: VerdictCause,
  runId: number,
): Promise<void> {
  await write(
    em,
    `UPDATE evidence_files SET signature_verdict = ?, signatures = ?, signed_at = ?, verifier_version = ?,
       trust_fingerprint = ?, checked_at = ? WHERE id = ?`,
    [
      verdict.verdict,
      JSON.stringify(verdict.signatures),
      verdict.signedAt,
      verdict.verifierVersion,
      verdict.trustFingerprint,
      verdict.checkedAt,
      fileId,
    ],
  );
  await insertVerdictHistory(em, fileId, verdict, cause, runId);
}

async function insertVerdictHistory(
  em: EntityManager,
  fileId: number,
  v: VerdictWrite,
  cause: VerdictCause,
  runId: number | null,
): Promise<void> {
  await write(
    em,
    `INSERT INTO evidence_verdicts (file_id, verifier_version, trust_fingerprint, signature_verdict, signatures, signed_at,
       checked_at, cause, recheck_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      fileId,
      v.verifierVersion,
      v.trustFingerprint,
      v.verdict,
      JSON.stringify(v.signatures),
      v.signedAt,
      v.checkedAt,
      cause,
      runId,
    ],
  );
}

/** One verdict of a file's history, newest first (the current one included). */
export interface StoredVerdict {
  verdict: string;
  signatures: PdfSignatureReport[];
  signedAt: Date | null;
  checkedAt: Date;
  cause: VerdictCause | 'migrated';
  verifierVersion: string | null;
  trustFingerprint: string | null;
}

/** Every verdict computed for the document's file, newest first. */
export async function verdictHistory(em: EntityManager, evidenceId: number): Promise<StoredVerdict[]> {
  const found = await rows<{
    signature_verdict: string;
    signatures: string;
    signed_at: Date | null;
    checked_at: Date;
    cause: StoredVerdict['cause'];
    verifier_version: string | null;
    trust_fingerprint: string | null;
  }>(
    em,
    `SELECT v.signature_verdict, v.signatures, v.signed_at, v.checked_at, v.cause, v.verifier_version, v.trust_fingerprint
       FROM evidence e JOIN evidence_verdicts v ON v.file_id = e.file_id
      WHERE e.id = ? ORDER BY v.checked_at DESC, v.id DESC`,
    [evidenceId],
  );
  return found.map((r) => ({
    verdict: r.signature_verdict,
    signatures: storedSignatures(r.signatures),
    signedAt: r.signed_at,
    checkedAt: r.checked_at,
    cause: r.cause,
    verifierVersion: r.verifier_version,
    trustFingerprint: r.trust_fingerprint,
  }));
}

/** Inside the caller's transaction: the sheet's document for this file (locked), if it has one. */
export async function lockEvidenceOfFile(
  em: EntityManager,
  sheetId: number,
  fileId: number,
): Promise<number | undefined> {
  const [existing] = await rows<{ id: number }>(
    em,
    'SELECT id FROM evidence WHERE sheet_id = ? AND file_id = ? FOR UPDATE',
    [sheetId, fileId],
  );
  return existing?.id;
}

export async function insertEvidence(
  em: EntityManager,
  doc: {
    sheetId: number;
    fileId: number;
    filename: string;
    documentType: string;
    documentNumber: string;
    issuedOn: string;
    issuingBody: string;
    summary: string;
    uploadedBy: number;
  },
): Promise<number> {
  const inserted = await write(
    em,
    `INSERT INTO evidence (sheet_id, file_id, original_filename, document_type, document_number, issued_on, issuing_body, summary, uploaded_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      doc.sheetId,
      doc.fileId,
      doc.filename,
      doc.documentType,
      doc.documentNumber,
      doc.issuedOn,
      doc.issuingBody,
      doc.summary,
      doc.uploadedBy,
    ],
  );
  return inserted.insertId;
}

/** Links the document to leaves (a link that exists already stays as it is). */
export async function insertLinks(
  em: EntityManager,
  evidenceId: number,
  sheetId: number,
  codes: readonly string[],
  userId: number,
): Promise<void> {
  await write(
    em,
    `INSERT IGNORE INTO evidence_links (evidence_id, sheet_id, criterion_code, created_by) VALUES ${codes
      .map(() => '(?, ?, ?, ?)')
      .join(', ')}`,
    codes.flatMap((code) => [evidenceId, sheetId, code, userId]),
  );
}

export async function evidenceFileExists(em: EntityManager, sha256: string): Promise<boolean> {
  const [row] = await rows<{ id: number }>(em, 'SELECT id FROM evidence_files WHERE sha256 = ?', [sha256]);
  return row !== undefined;
}

/**
 * Through the caller's appraisal tasks (`tasks`: a predicate on `appraisal_tasks t`, inbox/task-access.ts): the
 * content areas of their tasks on the document's sheet, and the criterion codes the document is linked to.
 */
export async function evidenceTaskAreas(
  em: EntityManager,
  evidenceId: number,
  tasks: { sql: string; params: unknown[] },
): Promise<{ sheetId: number; areas: string[]; codes: string[] } | undefined> {
  const found = await rows<{ sheet_id: number; content_area: string }>(
    em,
    `SELECT DISTINCT e.sheet_id, t.content_area
       FROM evidence e JOIN appraisal_tasks t ON t.sheet_id = e.sheet_id
      WHERE e.id = ? AND ${tasks.sql}`,
    [evidenceId, ...tasks.params],
  );
  if (found.length === 0) {
    return undefined;
  }
  const codes = await rows<{ criterion_code: string }>(
    em,
    'SELECT criterion_code FROM evidence_links WHERE evidence_id = ?',
    [evidenceId],
  );
  return {
    sheetId: Number(found[0].sheet_id),
    areas: found.map((r) => r.content_area),
    codes: codes.map((r) => r.criterion_code),
  };
}

/** The unit and campaign codes of a sheet of this authority (the name of its evidence ZIP). */
export async function sheetCodes(
  em: EntityManager,
  sheetId: number,
  authorityId: number,
): Promise<{ unitCode: string; campaignCode: string } | undefined> {
  const [r] = await rows<{ unit_code: string; campaign_code: string }>(
    em,
    `SELECT u.code AS unit_code, c.code AS campaign_code FROM score_sheets s
       JOIN campaigns c ON c.id = s.campaign_id JOIN units u ON u.id = s.unit_id
      WHERE s.id = ? AND c.authority_id = ?`,
    [sheetId, authorityId],
  );
  return r ? { unitCode: r.unit_code, campaignCode: r.campaign_code } : undefined;
}
