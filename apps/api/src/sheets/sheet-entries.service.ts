import { Injectable } from '@nestjs/common';
import { indexByCode, parsePoints } from '@lib/criteria';
import { AppError } from '@lib/common';
import { AuditLog, WorkflowRunner, type Actor } from '@lib/workflow';
import type { EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { validateEntries, type EntryInput, type EntryProblem, type ValidEntry } from './entry-validation';
import { SheetAccess, type SheetRow } from './sheet-access.service';
import { SheetErrors } from './sheet.errors';
import { documentsByCode } from './sheet-view';
import { loadDocuments } from '../evidence/evidence.queries';
import { loadEntries, upsertSelfEntries, type StoredEntry } from './sheet.queries';
import { parseSheetXlsx } from './sheet-xlsx';

/**
 * Writes a unit's self scores: a whole batch in one transaction — scope, stage lock (database clock) and
 * machine state checked inside it, every entry validated, one multi-row upsert, one audit row. Any bad entry
 * → 400 listing every problem, nothing written. The batch runs as the runner's transactions do
 * (WorkflowRunner.transaction): one round trip fewer than START TRANSACTION, and run again whole when InnoDB picks it
 * as a deadlock's victim — on the deadline day this is the most frequent write, and a race it did not cause must not
 * cost the officer the batch they typed. Everything in it only reads and writes the database.
 */
@Injectable()
export class SheetEntriesService {
  constructor(
    private readonly runner: WorkflowRunner,
    private readonly access: SheetAccess,
    private readonly audit: AuditLog,
  ) {}

  save(user: SessionUser, sheetId: number, entries: EntryInput[], actor: Actor): Promise<{ saved: number }> {
    return this.runner.transaction(async (em) => {
      const { sheet, now } = await this.access.lockWritable(em, user, sheetId);
      const valid = await this.validate(em, sheet, entries);
      return this.store(em, sheetId, valid, user.id, actor, now, 'api');
    });
  }

  /**
   * A filled Biểu tự chấm điểm (.xlsx): the self-score and explanation columns of every leaf row. Errors
   * carry the sheet row number; nothing is saved unless every row is right. A row whose score is unchanged
   * keeps the rule inputs entered in the app; a changed score drops them (the workbook has no inputs).
   */
  importXlsx(user: SessionUser, sheetId: number, xlsx: Buffer, actor: Actor): Promise<{ saved: number }> {
    return this.runner.transaction(async (em) => {
      const { sheet, now } = await this.access.lockWritable(em, user, sheetId);
      const parsed = await parseSheetXlsx(xlsx, sheet.set);
      const stored = await loadEntries(em, sheetId);
      const entries = parsed.rows.map((r) => withKeptInputs(r.entry, stored.get(r.entry.code)));
      const problems: EntryProblem[] = [...parsed.problems];
      let valid: ValidEntry[] = [];
      try {
        valid = await this.validate(em, sheet, entries);
      } catch (error: unknown) {
        if (!(error instanceof AppError) || error.code !== 'SHEET_ENTRIES_INVALID') {
          throw error;
        }
        const found = (error.details as { problems: EntryProblem[] }).problems;
        problems.push(...found.map((p) => ({ ...p, row: parsed.rows[p.index]?.row })));
      }
      if (problems.length > 0) {
        problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
        throw SheetErrors.entriesInvalid(problems, true);
      }
      return this.store(em, sheetId, valid, user.id, actor, now, 'xlsx');
    });
  }

  /** The multi-row upsert and its one audit row: what both the API and the .xlsx import end with. */
  private async store(
    em: EntityManager,
    sheetId: number,
    valid: ValidEntry[],
    userId: number,
    actor: Actor,
    now: Date,
    source: 'api' | 'xlsx',
  ): Promise<{ saved: number }> {
    await upsertSelfEntries(em, sheetId, valid, userId);
    await this.audit.record(
      em,
      actor,
      {
        action: 'sheet.entriesSaved',
        entityType: 'scoreSheet',
        entityId: sheetId,
        data: { source, count: valid.length, codes: valid.map((v) => v.code) },
      },
      now,
    );
    return { saved: valid.length };
  }

  private async validate(em: EntityManager, sheet: SheetRow, entries: EntryInput[]): Promise<ValidEntry[]> {
    const documents = documentsByCode(await loadDocuments(em, sheet.id));
    const { valid, problems } = validateEntries(indexByCode(sheet.set), entries, {
      documents,
      timeZone: sheet.timezone,
      assessmentYear: sheet.campaignYear,
    });
    if (problems.length > 0) {
      throw SheetErrors.entriesInvalid(problems, false);
    }
    return valid;
  }
}

function withKeptInputs(entry: EntryInput, stored: StoredEntry | undefined): EntryInput {
  const unchanged =
    stored?.selfInputs && stored.selfMilli !== null && parsePoints(entry.selfPoints) === stored.selfMilli;
  return unchanged ? { ...entry, inputs: stored.selfInputs } : entry;
}
