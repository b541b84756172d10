/** Reads of a sheet's entries and documents, shared by the view, the save, the exports and the ZIP. */
import type { RuleInput } from '@lib/criteria';
import { rows } from '@lib/workflow';
import type { EntityManager } from 'typeorm';
import type { LinkedDocument } from '@lib/criteria';
import type { PdfSignatureReport } from '@lib/pdf';

export interface StoredEntry {
  code: string;
  selfMilli: number | null;
  selfInputs: RuleInput | null;
  explanation: string | null;
  round1Milli: number | null;
  round1Comment: string | null;
  round2Milli: number | null;
  round2Comment: string | null;
  councilMilli: number | null;
  councilReason: string | null;
}

export async function loadEntries(em: EntityManager, sheetId: number): Promise<Map<string, StoredEntry>> {
  const found = await rows<{
    criterion_code: string;
    self_milli: number | null;
    self_inputs: string | null;
    explanation: string | null;
    appraised_r1_milli: number | null;
    appraised_r1_comment: string | null;
    appraised_r2_milli: number | null;
    appraised_r2_comment: string | null;
    council_milli: number | null;
    council_reason: string | null;
  }>(
    em,
    `SELECT criterion_code, self_milli, self_inputs, explanation, appraised_r1_milli, appraised_r1_comment,
            appraised_r2_milli, appraised_r2_comment, council_milli, council_reason
       FROM score_entries WHERE sheet_id = ?`,
    [sheetId],
  );
  return new Map(
    found.map((r) => [
      r.criterion_code,
      {
        code: r.criterion_code,
        selfMilli: r.self_milli,
        selfInputs: r.self_inputs ? (JSON.parse(r.self_inputs) as RuleInput) : null,
        explanation: r.explanation,
        round1Milli: r.appraised_r1_milli,
        round1Comment: r.appraised_r1_comment,
        round2Milli: r.appraised_r2_milli,
        round2Comment: r.appraised_r2_comment,
        councilMilli: r.council_milli,
        councilReason: r.council_reason,
      },
    ]),
  );
}

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
}

export async function loadDocuments(em: EntityManager, sheetId: number): Promise<SheetDocument[]> {
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
  }>(
    em,
    `SELECT e.id, e.original_filename, e.document_type, e.document_number, DATE_FORMAT(e.issued_on, '%Y-%m-%d') AS issued_on,
            e.issuing_body, e.summary, e.created_at, f.sha256, f.size_bytes, f.storage_key, f.signature_verdict,
            f.signatures, f.signed_at, f.risk_flags,
            (SELECT GROUP_CONCAT(l.criterion_code ORDER BY l.criterion_code SEPARATOR '\n') FROM evidence_links l WHERE l.evidence_id = e.id) AS codes
       FROM evidence e JOIN evidence_files f ON f.id = e.file_id
      WHERE e.sheet_id = ? ORDER BY e.id`,
    [sheetId],
  );
  return found.map((r) => ({
    evidenceId: r.id,
    documentNumber: r.document_number,
    verdict: r.signature_verdict,
    signatures: JSON.parse(r.signatures) as PdfSignatureReport[],
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
  }));
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
