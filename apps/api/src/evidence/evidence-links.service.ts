import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { AppError } from '@lib/common';
import { AuditLog, rows, write, type Actor } from '@lib/workflow';
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
    const scope = this.access.writeScope(user);
    const [found] = await rows<{ sheet_id: number }>(
      this.ds.manager,
      `SELECT e.sheet_id FROM evidence e JOIN score_sheets s ON s.id = e.sheet_id JOIN units unit ON unit.id = s.unit_id
        WHERE e.id = ? AND ${scope.sql}`,
      [evidenceId, ...scope.values],
    );
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
      await this.audit.record(
        em,
        actor,
        {
          action: 'evidence.unlinked',
          entityType: 'scoreSheet',
          entityId: sheetId,
          data: { evidenceId, code, documentRemoved: Number(left.n) === 0 },
        },
        now,
      );
    });
  }
}
