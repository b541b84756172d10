import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { AppError } from '@lib/common';
import { AuditLog, type Actor } from '@lib/workflow';
import { countLinks, deleteEvidence, deleteLink, sheetOfEvidence } from './evidence.queries';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { foundOr404 } from '../common/unit-scope';
import { SheetAccess } from '../sheets/sheet-access.service';

/** Which criteria a document supports, changed while the sheet is editable. */
@Injectable()
export class EvidenceLinksService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: SheetAccess,
    private readonly audit: AuditLog,
  ) {}

  /** Remove one criterion link while the sheet is editable; a document left without links is removed too. */
  async unlink(user: SessionUser, evidenceId: number, code: string, actor: Actor): Promise<void> {
    // The caller's write scope is part of the lookup: another unit's document answers the same 404 as a missing
    // one (no telling "not yours" from "does not exist").
    const sheetId = foundOr404(
      await sheetOfEvidence(this.ds.manager, evidenceId, this.access.writeScope(user)),
      'evidence',
    );
    await this.ds.transaction(async (em) => {
      const { now } = await this.access.lockWritable(em, user, sheetId);
      if (!(await deleteLink(em, evidenceId, code))) {
        throw new AppError(
          'notFound',
          'NOT_FOUND',
          `Văn bản không gắn với tiêu chí ${code}.`,
          `The document is not linked to ${code}.`,
        );
      }
      const left = await countLinks(em, evidenceId);
      if (left === 0) {
        // The content-addressed file stays: other sheets may share it (an orphan sweeper is out of scope).
        await deleteEvidence(em, evidenceId);
      }
      await this.audit.record(
        em,
        actor,
        {
          action: 'evidence.unlinked',
          entityType: 'scoreSheet',
          entityId: sheetId,
          data: { evidenceId, code, documentRemoved: left === 0 },
        },
        now,
      );
    });
  }
}
