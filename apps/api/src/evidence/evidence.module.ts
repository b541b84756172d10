import { Module } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG } from '@lib/database';
import { SecurityLogModule } from '../security-log/security-log.module';
import { SheetsModule } from '../sheets/sheets.module';
import { EvidenceFilesService } from './evidence-files.service';
import { EvidenceLinksService } from './evidence-links.service';
import { createEvidenceStorage, EvidenceStorage } from './evidence-storage';
import { EvidenceUploadService } from './evidence-upload.service';
import { EvidenceController } from './evidence.controller';
import { EvidencePdfChecks } from './pdf-inspector.provider';
import { EvidenceRecheckController } from './recheck/evidence-recheck.controller';
import { EvidenceRecheckService } from './recheck/evidence-recheck.service';

@Module({
  imports: [SheetsModule, SecurityLogModule],
  controllers: [EvidenceController, EvidenceRecheckController],
  providers: [
    // One backend per process (the S3 client pools its connections), chosen by EVIDENCE_STORAGE.
    {
      provide: EvidenceStorage,
      useFactory: (config: AppConfig) => createEvidenceStorage(config.uploads),
      inject: [APP_CONFIG],
    },
    EvidencePdfChecks,
    EvidenceUploadService,
    EvidenceLinksService,
    EvidenceFilesService,
    EvidenceRecheckService,
  ],
  // Report jobs keep their finished files in the same storage (reports/…), so any api replica serves them.
  exports: [EvidenceStorage],
})
export class EvidenceModule {}
