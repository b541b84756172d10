import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { indexByCode } from '@lib/criteria';
import { AppError } from '@lib/common';
import { AuditLog, rows, write, type Actor } from '@lib/workflow';
import { ZipArchive } from 'archiver';
import { createReadStream } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { foundOr404 } from '../common/unit-scope';
import { SheetAccess, type SheetRow } from '../sheets/sheet-access.service';
import { loadDocuments, type SheetDocument } from '../sheets/sheet-data';
import { evidenceRef } from '../sheets/sheet-view';
import type { EvidenceView, SignatureReportView } from './dto/evidence.dto';
import { EvidenceStorage } from './evidence-storage';
import {
  EVIDENCE_FILE_ERROR_HTTP_STATUS,
  EvidenceFileError,
  checkPdf,
  verifyPdfSignatures,
  writeToQuarantine,
  type PdfSignaturesResult,
  type QuarantinedFile,
} from './pdf';
import { receiveMultipart } from './upload/multipart-receiver';

/** Wall-clock budget of the structural check (qpdf, twice) per upload. */
const PDF_CHECK_TIMEOUT_MS = 20_000;

interface EvidenceMeta {
  codes: string[];
  documentType: string;
  documentNumber: string;
  issuedOn: string;
  issuingBody: string;
  summary: string;
}

/** Where an upload goes and the lock that admits it (taken before the body is read and again in the write). */
interface UploadTarget {
  sheetId: number;
  lock(em: EntityManager): Promise<{
    sheet: SheetRow;
    now: Date;
    /** Leaf codes the upload may support (a clarification's); null: any leaf of the set. */
    codes: string[] | null;
    auditData: Record<string, unknown>;
  }>;
}

/** A document the caller may read, with where its file is. */
export interface ReadableEvidence {
  id: number;
  sheetId: number;
  filename: string;
  sizeBytes: number;
  path: string;
}

/**
 * The evidence pipeline (research §2.3 — the order is the control): authorise + stage lock → stream to
 * quarantine with SHA-256 → `%PDF-`/structure check → signatures → promote to content-addressed storage
 * → rows + audit in one transaction that re-checks the stage lock. Any rejection leaves no file and no row.
 */
@Injectable()
export class EvidenceService {
  private readonly logger = new Logger('EvidenceService');
  private readonly storage: EvidenceStorage;
  private anchors: Promise<string[]> | undefined;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: SheetAccess,
    private readonly audit: AuditLog,
  ) {
    this.storage = new EvidenceStorage(config.uploads.dir);
  }

  /** Self-assessment upload: the unit's own sheet while it is editable (the self-assessment stage lock). */
  upload(user: SessionUser, sheetId: number, req: IncomingMessage, actor: Actor): Promise<EvidenceView> {
    return this.receive(user, req, actor, {
      sheetId,
      lock: async (em) => ({ ...(await this.access.lockWritable(em, user, sheetId)), codes: null, auditData: {} }),
    });
  }

  /**
   * Evidence for a clarification answer (giải trình), after the unit's self-assessment has closed: only the
   * unit's own officers, only for the leaves under clarification, only while the clarification is open —
   * its due date is the stage lock, checked against the database clock before and again in the write.
   */
  async uploadForClarification(
    user: SessionUser,
    clarificationId: number,
    req: IncomingMessage,
    actor: Actor,
  ): Promise<EvidenceView> {
    const { sheet_id: sheetId } = await this.access.findClarification(user, clarificationId);
    return this.receive(user, req, actor, {
      sheetId,
      lock: async (em) => {
        const { sheet, clarification, now } = await this.access.lockClarificationWritable(em, user, clarificationId);
        return { sheet, now, codes: clarification.codes, auditData: { clarificationId, round: clarification.round } };
      },
    });
  }

  private async receive(
    user: SessionUser,
    req: IncomingMessage,
    actor: Actor,
    target: UploadTarget,
  ): Promise<EvidenceView> {
    const { sheetId } = target;
    // 1. Authorise and check the stage lock before a byte of the body is read.
    const { sheet, codes: allowedCodes } = await this.ds.transaction((em) => target.lock(em));
    // 2. Stream the file into quarantine (hash + size limit on the way).
    const received = await receiveMultipart<QuarantinedFile>(req, {
      fileField: 'file',
      maxFileBytes: this.config.uploads.maxBytes,
      consume: (stream: Readable) =>
        writeToQuarantine(stream, { dir: this.storage.quarantineDir, maxBytes: this.config.uploads.maxBytes }),
      discard: (q) => unlink(q.path),
    }).catch((error: unknown) => {
      throw toAppError(error);
    });
    if (!received.file) {
      throw new AppError('invalid', 'FILE_REQUIRED', 'Chưa chọn tệp PDF.', 'No PDF file was sent (field "file").');
    }
    const quarantined = received.file.result;
    let promoted: { key: string; created: boolean } | null = null;
    try {
      const meta = parseMeta(received.fields, sheet, allowedCodes);
      // 3–4. Magic bytes, end marker, structure (qpdf out of process, time-limited).
      const check = await checkPdf(quarantined.path, { timeoutMs: PDF_CHECK_TIMEOUT_MS });
      // 6. Every signature: ByteRange, digest, CMS signature, chain to the configured anchors.
      const signatures = await verifyPdfSignatures(quarantined.path, {
        trustAnchors: await this.trustAnchors(),
        maxBytes: this.config.uploads.maxBytes,
      });
      // 7. Promote (file first, rows second).
      promoted = await this.storage.promote(quarantined.path, quarantined.sha256);
      const saved = await this.ds.transaction(async (em) => {
        const { now, auditData } = await target.lock(em);
        const signedAt = earliestVerifiedSigning(signatures);
        const file = await write(
          em,
          `INSERT INTO evidence_files (sha256, size_bytes, storage_key, pdf_version, risk_flags, signature_verdict, signatures, signed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)`,
          [
            quarantined.sha256,
            quarantined.size,
            promoted!.key,
            check.pdfVersion,
            JSON.stringify(check.flags),
            signatures.verdict,
            JSON.stringify(signatures.signatures),
            signedAt,
          ],
        );
        // One document per sheet and file: a second upload of the same bytes only adds links.
        const [existing] = await rows<{ id: number }>(
          em,
          'SELECT id FROM evidence WHERE sheet_id = ? AND file_id = ? FOR UPDATE',
          [sheetId, file.insertId],
        );
        const deduplicated = existing !== undefined;
        const evidence = existing
          ? { insertId: existing.id }
          : await write(
              em,
              `INSERT INTO evidence (sheet_id, file_id, original_filename, document_type, document_number, issued_on, issuing_body, summary, uploaded_by)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              [
                sheetId,
                file.insertId,
                received.file!.filename,
                meta.documentType,
                meta.documentNumber,
                meta.issuedOn,
                meta.issuingBody,
                meta.summary,
                user.id,
              ],
            );
        await write(
          em,
          `INSERT IGNORE INTO evidence_links (evidence_id, sheet_id, criterion_code, created_by) VALUES ${meta.codes
            .map(() => '(?, ?, ?, ?)')
            .join(', ')}`,
          meta.codes.flatMap((code) => [evidence.insertId, sheetId, code, user.id]),
        );
        await this.audit.append(
          em,
          {
            actorUserId: actor.userId,
            actor: actor.label,
            action: 'evidence.uploaded',
            entityType: 'scoreSheet',
            entityId: sheetId,
            requestId: actor.requestId ?? null,
            data: {
              evidenceId: evidence.insertId,
              sha256: quarantined.sha256,
              size: quarantined.size,
              verdict: signatures.verdict,
              codes: meta.codes,
              deduplicated,
              ...auditData,
            },
          },
          now,
        );
        return { evidenceId: evidence.insertId, deduplicated };
      });
      const doc = (await loadDocuments(this.ds.manager, sheetId)).find((d) => d.evidenceId === saved.evidenceId)!;
      return toEvidenceView(sheetId, doc, saved.deduplicated);
    } catch (error: unknown) {
      await unlink(quarantined.path).catch(() => undefined);
      if (promoted?.created) {
        await this.removeIfUnreferenced(quarantined.sha256, promoted.key);
      }
      throw toAppError(error);
    }
  }

  /** Remove one criterion link while the sheet is editable; a document left without links is removed too. */
  async unlink(user: SessionUser, evidenceId: number, code: string, actor: Actor): Promise<void> {
    const [found] = await rows<{ sheet_id: number }>(this.ds.manager, 'SELECT sheet_id FROM evidence WHERE id = ?', [
      evidenceId,
    ]);
    const sheetId = foundOr404(found, 'evidence').sheet_id;
    await this.ds.transaction(async (em) => {
      const { now } = await this.access.lockWritable(em, user, sheetId);
      const removed = await write(em, 'DELETE FROM evidence_links WHERE evidence_id = ? AND criterion_code = ?', [
        evidenceId,
        code,
      ]);
      if (removed.affectedRows === 0) {
        throw new AppError(
          'notFound',
          'NOT_FOUND',
          `Văn bản không gắn với tiêu chí ${code}.`,
          `The document is not linked to ${code}.`,
        );
      }
      const [left] = await rows<{ n: number }>(em, 'SELECT COUNT(*) AS n FROM evidence_links WHERE evidence_id = ?', [
        evidenceId,
      ]);
      if (Number(left.n) === 0) {
        // The content-addressed file stays: other sheets may share it (an orphan sweeper is out of scope).
        await write(em, 'DELETE FROM evidence WHERE id = ?', [evidenceId]);
      }
      await this.audit.append(
        em,
        {
          actorUserId: actor.userId,
          actor: actor.label,
          action: 'evidence.unlinked',
          entityType: 'scoreSheet',
          entityId: sheetId,
          requestId: actor.requestId ?? null,
          data: { evidenceId, code, documentRemoved: Number(left.n) === 0 },
        },
        now,
      );
    });
  }

  /** A document through the caller's read scope (404 otherwise). */
  async findReadable(user: SessionUser, evidenceId: number): Promise<ReadableEvidence> {
    const scope = this.access.readScope(user);
    const [found] = await rows<{
      id: number;
      sheet_id: number;
      original_filename: string;
      size_bytes: number;
      storage_key: string;
    }>(
      this.ds.manager,
      `SELECT e.id, e.sheet_id, e.original_filename, f.size_bytes, f.storage_key
         FROM evidence e
         JOIN evidence_files f ON f.id = e.file_id
         JOIN score_sheets s ON s.id = e.sheet_id
         JOIN units unit ON unit.id = s.unit_id
        WHERE e.id = ? AND ${scope.sql}`,
      [evidenceId, ...scope.values],
    );
    const row = foundOr404(found, 'evidence');
    return {
      id: row.id,
      sheetId: row.sheet_id,
      filename: row.original_filename,
      sizeBytes: Number(row.size_bytes),
      path: this.storage.pathOf(row.storage_key),
    };
  }

  openFile(evidence: ReadableEvidence): Readable {
    return createReadStream(evidence.path);
  }

  /**
   * The unit's evidence as a ZIP, one folder per criterion code (1.1.1/, 1.1.2/ …) as the plan asks; a
   * document supporting several criteria appears in each folder. Streamed: files are read as they are zipped.
   */
  async zip(user: SessionUser, sheetId: number): Promise<{ stream: Readable; filename: string }> {
    const sheet = await this.access.findReadable(user, sheetId);
    const docs = await loadDocuments(this.ds.manager, sheetId);
    const archive = new ZipArchive({ zlib: { level: 6 } });
    archive.on('warning', (e) => this.logger.warn(`zip of sheet ${sheetId}: ${e.message}`));
    archive.on('error', (e) => this.logger.error(`zip of sheet ${sheetId}: ${e.message}`));
    const used = new Set<string>();
    for (const doc of docs) {
      for (const code of doc.codes) {
        const name = uniqueName(used, code, doc.filename);
        archive.append(createReadStream(this.storage.pathOf(doc.storageKey)), { name, date: doc.uploadedAt });
      }
    }
    void archive.finalize().catch(() => undefined);
    return { stream: archive, filename: `tai-lieu-kiem-chung-${sheet.unitCode}-${sheet.campaignCode}.zip` };
  }

  private async removeIfUnreferenced(sha256: string, key: string): Promise<void> {
    const [row] = await rows<{ id: number }>(this.ds.manager, 'SELECT id FROM evidence_files WHERE sha256 = ?', [
      sha256,
    ]);
    if (!row) {
      await this.storage.remove(key);
    }
  }

  /** PEM/DER certificates in `uploads.trustAnchorsDir`, read once; none → trust "not evaluated". */
  private trustAnchors(): Promise<string[]> {
    const dir = this.config.uploads.trustAnchorsDir;
    this.anchors ??= dir
      ? readdir(dir).then(async (names) => {
          const files = names.filter((n) => ['.pem', '.crt', '.cer'].includes(extname(n).toLowerCase()));
          return Promise.all(files.map((n) => readFile(join(dir, n), 'utf8')));
        })
      : Promise.resolve([]);
    return this.anchors;
  }
}

function uniqueName(used: Set<string>, folder: string, filename: string): string {
  const dot = filename.lastIndexOf('.');
  const stem = dot > 0 ? filename.slice(0, dot) : filename;
  const ext = dot > 0 ? filename.slice(dot) : '';
  let candidate = `${folder}/${filename}`;
  for (let n = 2; used.has(candidate); n++) {
    candidate = `${folder}/${stem} (${n})${ext}`;
  }
  used.add(candidate);
  return candidate;
}

function earliestVerifiedSigning(result: PdfSignaturesResult): Date | null {
  const times = result.signatures
    .filter((s) => s.signingTime && s.byteRangeValid && s.digestMatches && s.signatureValid)
    .map((s) => Date.parse(s.signingTime!));
  return times.length ? new Date(Math.min(...times)) : null;
}

function toEvidenceView(sheetId: number, doc: SheetDocument, deduplicated: boolean): EvidenceView {
  return {
    ...evidenceRef(doc),
    sheetId,
    sha256: doc.sha256,
    signatures: doc.signatures as unknown as SignatureReportView[],
    riskFlags: doc.riskFlags,
    deduplicated,
  };
}

/** Pipeline rejections (plain domain errors of ./pdf) as the API's AppError, with their vi/en messages. */
export function toAppError(error: unknown): unknown {
  if (error instanceof EvidenceFileError) {
    const status = EVIDENCE_FILE_ERROR_HTTP_STATUS[error.code];
    const kind = status === 413 ? 'tooLarge' : status === 415 ? 'unsupported' : 'invalid';
    return new AppError(kind, error.code, error.messageVi, error.messageEn);
  }
  return error;
}

const DATE_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_VN = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function parseDate(text: string): string | null {
  const iso = DATE_ISO.exec(text);
  const vn = DATE_VN.exec(text);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : vn
      ? [Number(vn[3]), Number(vn[2]), Number(vn[1])]
      : [0, 0, 0];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!y || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The reference fields of the form, all checked at once; every problem is listed. */
function parseMeta(fields: Map<string, string[]>, sheet: SheetRow, allowedCodes: string[] | null): EvidenceMeta {
  const problems: { field: string; message: string; messageEn: string }[] = [];
  const one = (name: string, label: string, max: number): string => {
    const value = (fields.get(name)?.[0] ?? '').normalize('NFC').trim();
    if (!value || value.length > max) {
      problems.push({
        field: name,
        message: `${label}: bắt buộc, tối đa ${max} ký tự.`,
        messageEn: `${name}: required, at most ${max} characters.`,
      });
    }
    return value;
  };
  const leaves = indexByCode(sheet.set);
  const codes = [
    ...new Set(
      (fields.get('criterionCodes') ?? [])
        .flatMap((v) => v.split(/[\s,;]+/))
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
  if (codes.length === 0 || codes.length > 50) {
    problems.push({
      field: 'criterionCodes',
      message: 'Chọn ít nhất một tiêu chí (tối đa 50).',
      messageEn: 'criterionCodes: at least one criterion code (at most 50).',
    });
  }
  for (const code of codes) {
    const node = leaves.get(code);
    if (!node || node.children.length > 0) {
      problems.push({
        field: 'criterionCodes',
        message: `Mã "${code}" không phải tiêu chí thành phần của bộ tiêu chí.`,
        messageEn: `"${code}" is not a leaf criterion of the set.`,
      });
    } else if (allowedCodes && !allowedCodes.includes(code)) {
      problems.push({
        field: 'criterionCodes',
        message: `Tiêu chí ${code} không thuộc yêu cầu giải trình (chỉ: ${allowedCodes.join(', ')}).`,
        messageEn: `${code} is not under this clarification (only: ${allowedCodes.join(', ')}).`,
      });
    }
  }
  const meta = {
    codes,
    documentType: one('documentType', 'Loại văn bản', 64),
    documentNumber: one('documentNumber', 'Số, ký hiệu', 128),
    issuedOn: one('issuedOn', 'Ngày ban hành', 10),
    issuingBody: one('issuingBody', 'Cơ quan ban hành', 255),
    summary: one('summary', 'Trích yếu', 2000),
  };
  const date = meta.issuedOn ? parseDate(meta.issuedOn) : null;
  if (meta.issuedOn && !date) {
    problems.push({
      field: 'issuedOn',
      message: `Ngày ban hành "${meta.issuedOn}" không hợp lệ (dd/mm/yyyy).`,
      messageEn: `issuedOn "${meta.issuedOn}" is not a date (YYYY-MM-DD or DD/MM/YYYY).`,
    });
  }
  if (problems.length > 0) {
    throw new AppError(
      'invalid',
      'EVIDENCE_FIELDS_INVALID',
      `Thông tin văn bản chưa hợp lệ: ${problems.map((p) => p.message).join(' ')}`,
      `The document reference is not valid: ${problems.map((p) => p.messageEn).join(' ')}`,
      { problems },
    );
  }
  return { ...meta, issuedOn: date! };
}
