import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE } from '@lib/database';
import { type Actor } from '@lib/workflow';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { receiveMultipart } from '../evidence/upload/multipart-receiver';
import { attachmentDisposition } from './content-disposition';
import { SheetAccess } from './sheet-access.service';
import { SheetEntriesService } from './sheet-entries.service';
import { exportSheetXlsx } from './sheet-xlsx';
import { SheetsService } from './sheets.service';
import { SheetErrors } from './sheet.errors';

/** A filled workbook is small; anything bigger is not a Biểu tự chấm điểm. */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** The sheet as .xlsx, and the import of a filled one. */
@Injectable()
export class SheetExportService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sheets: SheetsService,
    private readonly access: SheetAccess,
    private readonly entries: SheetEntriesService,
  ) {}

  async xlsx(user: SessionUser, id: number): Promise<{ buffer: Buffer; disposition: string }> {
    const view = await this.sheets.get(user, id);
    const sheet = await this.access.findReadable(user, id);
    const buffer = await exportSheetXlsx(view, sheet.campaignYear);
    return {
      buffer,
      disposition: attachmentDisposition(`bieu-tu-cham-diem-${sheet.unitCode}-${sheet.campaignCode}.xlsx`),
    };
  }

  async importFromRequest(
    user: SessionUser,
    id: number,
    req: IncomingMessage,
    actor: Actor,
  ): Promise<{ saved: number }> {
    // Authorise and check the stage lock before reading the body; the save checks both again.
    await this.ds.transaction((em) => this.access.lockWritable(em, user, id));
    const received = await receiveMultipart<Buffer>(req, {
      fileField: 'file',
      maxFileBytes: MAX_IMPORT_BYTES,
      idleTimeoutMs: this.config.uploads.idleTimeoutMs,
      consume: (stream) => readBounded(stream, MAX_IMPORT_BYTES),
    });
    if (!received.file) {
      throw SheetErrors.fileRequired();
    }
    return this.entries.importXlsx(user, id, received.file.result, actor);
  }
}

async function readBounded(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) {
      stream.destroy();
      throw SheetErrors.tooLarge(max);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
