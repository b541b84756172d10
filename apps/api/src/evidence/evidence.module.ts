import { Module } from '@nestjs/common';
import { SecurityLogModule } from '../security-log/security-log.module';
import { SheetsModule } from '../sheets/sheets.module';
import { EvidenceFilesService } from './evidence-files.service';
import { EvidenceLinksService } from './evidence-links.service';
import { EvidenceUploadService } from './evidence-upload.service';
import { EvidenceController } from './evidence.controller';
import { EvidencePdfChecks } from './pdf-inspector.provider';

@Module({
  imports: [SheetsModule, SecurityLogModule],
  controllers: [EvidenceController],
  providers: [EvidencePdfChecks, EvidenceUploadService, EvidenceLinksService, EvidenceFilesService],
})
export class EvidenceModule {}
