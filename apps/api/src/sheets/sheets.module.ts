import { Module } from '@nestjs/common';
import { SecurityLogModule } from '../security-log/security-log.module';
import { SheetAccess } from './sheet-access.service';
import { SheetEntriesService } from './sheet-entries.service';
import { SheetExportService } from './sheet-export.service';
import { SheetSubmissionService } from './sheet-submission.service';
import { SheetsController } from './sheets.controller';
import { SheetsService } from './sheets.service';

@Module({
  imports: [SecurityLogModule],
  controllers: [SheetsController],
  providers: [SheetAccess, SheetsService, SheetEntriesService, SheetExportService, SheetSubmissionService],
  exports: [SheetAccess, SheetsService],
})
export class SheetsModule {}
