import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { writeToQuarantine, type QuarantinedFile } from '@lib/pdf';
import { AppError } from '@lib/common';
import { AuditLog, WorkflowRunner, type Actor } from '@lib/workflow';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { SheetAccess, type SheetRow } from '../sheets/sheet-access.service';
import {
  evidenceFileExists,
  insertEvidence,
  insertLinks,
  loadDocuments,
  lockEvidenceOfFile,
  upsertEvidenceFile,
} from './evidence.queries';
import type { EvidenceView } from './dto/evidence.dto';
import { parseEvidenceForm } from './evidence-form';
import { EvidenceStorage } from './evidence-storage';
import { earliestVerifiedSigning, toAppError, toEvidenceView } from './evidence-view';
import { EvidencePdfChecks } from './pdf-inspector.provider';
import { INTERRUPTED_UPLOAD_CODES, receiveMultipart } from './upload/multipart-receiver';

type UploadRequest = IncomingMessage & { res?: ServerResponse };

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

/**
 * The evidence upload pipeline (research §2.3 — the order is the control): authorise + stage lock → stream to
 * quarantine with SHA-256 → structure check and signatures in a worker thread (time and memory limited) →
 * promote to content-addressed storage → rows + audit in one transaction that re-checks the stage lock.
 * Any rejection leaves no file and no row; an upload the client broke off is logged as a warning.
 */
@Injectable()
export class EvidenceUploadService {
  private readonly logger = new Logger('EvidenceUpload');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: EvidenceStorage,
    private readonly access: SheetAccess,
    private readonly audit: AuditLog,
    private readonly pdf: EvidencePdfChecks,
    private readonly runner: WorkflowRunner,
  ) {}

  /** Self-assessment upload: the unit's own sheet while it is editable (the self-assessment stage lock). */
  upload(user: SessionUser, sheetId: number, req: UploadRequest, actor: Actor): Promise<EvidenceView> {
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
    req: UploadRequest,
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
    req: UploadRequest,
    actor: Actor,
    target: UploadTarget,
  ): Promise<EvidenceView> {
    const { sheetId } = target;
    // 1. Authorise and check the stage lock before a byte of the body is read.
    const { sheet, codes: allowedCodes } = await this.runner.transaction((em) => target.lock(em));
    // 2. Stream the file into quarantine (hash + size limit on the way).
    const received = await receiveMultipart<QuarantinedFile>(req, {
      fileField: 'file',
      maxFileBytes: this.config.uploads.maxBytes,
      idleTimeoutMs: this.config.uploads.idleTimeoutMs,
      consume: (stream: Readable) =>
        writeToQuarantine(stream, { dir: this.storage.quarantineDir, maxBytes: this.config.uploads.maxBytes }),
      discard: (q) => unlink(q.path),
    }).catch((error: unknown) => {
      const appError = toAppError(error);
      if (
        appError instanceof AppError &&
        (INTERRUPTED_UPLOAD_CODES.has(appError.code) || appError.code === 'UPLOAD_ABORTED')
      ) {
        this.logger.warn(
          `evidence upload to sheet ${sheetId} by user ${user.id} ended early: ${appError.code} (${appError.messageEn})`,
        );
      }
      throw appError;
    });
    if (!received.file) {
      throw new AppError('invalid', 'FILE_REQUIRED', 'Chưa chọn tệp PDF.', 'No PDF file was sent (field "file").');
    }
    const quarantined = received.file.result;
    let promoted: { key: string; created: boolean } | null = null;
    try {
      const meta = parseEvidenceForm(received.fields, sheet, allowedCodes);
      // 3–6. Magic bytes, end marker, structure, every signature — in a worker thread, time and memory limited;
      // the signed ranges' digests come from the hash taken while the file streamed in.
      const { check, signatures, verifierVersion, trustFingerprint } = await this.pdf.inspect(quarantined.path, {
        signedRangeDigest: quarantined.signedRangeDigest,
        knownDigests: quarantined.knownDigests,
      });
      const checkedAt = new Date();
      // 7. Promote (file first, rows second).
      promoted = await this.storage.promote(quarantined.path, quarantined.sha256);
      const key = promoted.key;
      const saved = await this.runner.transaction(async (em) => {
        const { now, auditData } = await target.lock(em);
        const fileId = await upsertEvidenceFile(em, {
          sha256: quarantined.sha256,
          sizeBytes: quarantined.size,
          storageKey: key,
          pdfVersion: check.pdfVersion,
          riskFlags: check.flags,
          verdict: signatures.verdict,
          signatures: signatures.signatures,
          signedAt: earliestVerifiedSigning(signatures),
          verifierVersion,
          trustFingerprint,
          checkedAt,
        });
        // One document per sheet and file: a second upload of the same bytes only adds links.
        const existing = await lockEvidenceOfFile(em, sheetId, fileId);
        const deduplicated = existing !== undefined;
        const evidenceId =
          existing ??
          (await insertEvidence(em, {
            sheetId,
            fileId,
            filename: received.file!.filename,
            documentType: meta.documentType,
            documentNumber: meta.documentNumber,
            issuedOn: meta.issuedOn,
            issuingBody: meta.issuingBody,
            summary: meta.summary,
            uploadedBy: user.id,
          }));
        await insertLinks(em, evidenceId, sheetId, meta.codes, user.id);
        await this.audit.record(
          em,
          actor,
          {
            action: 'evidence.uploaded',
            entityType: 'scoreSheet',
            entityId: sheetId,
            data: {
              evidenceId,
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
        return { evidenceId, deduplicated };
      });
      const [doc] = await loadDocuments(this.ds.manager, sheetId, saved.evidenceId);
      return toEvidenceView(sheetId, doc, saved.deduplicated);
    } catch (error: unknown) {
      await unlink(quarantined.path).catch(() => undefined);
      if (promoted?.created) {
        await this.removeIfUnreferenced(quarantined.sha256, promoted.key);
      }
      throw toAppError(error);
    }
  }

  private async removeIfUnreferenced(sha256: string, key: string): Promise<void> {
    if (!(await evidenceFileExists(this.ds.manager, sha256))) {
      await this.storage.remove(key);
    }
  }
}
