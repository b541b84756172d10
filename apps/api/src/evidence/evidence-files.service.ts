import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { leaves } from '@lib/criteria';
import { notFound } from '@lib/common';
import { AUTHORITY_WIDE_ROLES, foundOr404 } from '../common/unit-scope';
import { definitionOf, findCriteriaSetOfSheet } from '../criteria/criteria-set.queries';
import { visibleTasks } from '../inbox/task-access';
import { SheetAccess } from '../sheets/sheet-access.service';
import { signatureCertificates } from '@lib/pdf';
import {
  evidenceTaskAreas,
  findEvidenceFile,
  loadDocuments,
  verdictHistory,
  type StoredVerdict,
} from './evidence.queries';
import { buildValidationReport, type ValidationReport } from './validation-report';
import { EvidenceStorage } from './evidence-storage';

/** A document the caller may read, with where its file is. */
export interface ReadableEvidence {
  id: number;
  sheetId: number;
  filename: string;
  sizeBytes: number;
  storageKey: string;
}

/** Reading stored evidence: one document through the caller's scope (a sheet's ZIP is a report job: evidence-zip.ts). */
@Injectable()
export class EvidenceFilesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly storage: EvidenceStorage,
    private readonly access: SheetAccess,
  ) {}

  /**
   * A document through the caller's read scope, or — for an appraiser or supervisor — through a task of theirs
   * whose content area has a leaf the document is linked to (404 otherwise).
   */
  async findReadable(user: SessionUser, evidenceId: number): Promise<ReadableEvidence> {
    const row = foundOr404(
      (await findEvidenceFile(this.ds.manager, evidenceId, this.access.readScope(user))) ??
        ((await this.throughTask(user, evidenceId))
          ? await findEvidenceFile(this.ds.manager, evidenceId, { sql: '1 = 1', values: [] })
          : undefined),
      'evidence',
    );
    return {
      id: row.id,
      sheetId: row.sheetId,
      filename: row.filename,
      sizeBytes: row.sizeBytes,
      storageKey: row.storageKey,
    };
  }

  /** Whether a task the caller may see, on the document's sheet, covers a leaf the document supports. */
  private async throughTask(user: SessionUser, evidenceId: number): Promise<boolean> {
    if (user.roles.some((r) => AUTHORITY_WIDE_ROLES.includes(r)) || user.roles.every((r) => r === 'unit_officer')) {
      return false;
    }
    const found = await evidenceTaskAreas(this.ds.manager, evidenceId, visibleTasks(user));
    if (!found) {
      return false;
    }
    const set = await findCriteriaSetOfSheet(this.ds.manager, found.sheetId);
    if (!set) {
      throw notFound('evidence');
    }
    const areas = new Set(found.areas);
    const codes = new Set(
      leaves(definitionOf(set))
        .filter((l) => l.contentArea !== undefined && areas.has(l.contentArea))
        .map((l) => l.code),
    );
    return found.codes.some((code) => codes.has(code));
  }

  openFile(evidence: ReadableEvidence): Promise<Readable> {
    return this.storage.open(evidence.storageKey);
  }

  /**
   * The validation report of a document the caller may open (the same 404 otherwise): its stored verdict, and the
   * certificates read from the stored file's signatures.
   */
  async validationReport(user: SessionUser, evidenceId: number): Promise<ValidationReport> {
    const readable = await this.findReadable(user, evidenceId);
    const doc = foundOr404((await loadDocuments(this.ds.manager, readable.sheetId, evidenceId))[0], 'evidence');
    const chunks: Buffer[] = [];
    for await (const chunk of await this.openFile(readable)) {
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return buildValidationReport({
      evidenceId,
      documentType: doc.documentType,
      documentNumber: doc.documentNumber,
      filename: doc.filename,
      sha256: doc.sha256,
      verdict: doc.verdict,
      signatures: doc.signatures,
      certificates: signatureCertificates(Buffer.concat(chunks)),
      uploadedAt: doc.uploadedAt,
    });
  }

  /**
   * Every verdict computed for a document the caller may open (the same 404 otherwise), newest first: the current
   * one, and the earlier ones a re-check replaced (issue 18 item 6).
   */
  async verdicts(user: SessionUser, evidenceId: number): Promise<Array<StoredVerdict & { current: boolean }>> {
    await this.findReadable(user, evidenceId);
    return (await verdictHistory(this.ds.manager, evidenceId)).map((v, i) => ({ ...v, current: i === 0 }));
  }
}
