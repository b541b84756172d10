import { Module } from '@nestjs/common';
import { AuditDownloadInterceptor } from './audit-download.interceptor';
import { SecurityAudit } from './security-audit.service';
import { SecurityLogController } from './security-log.controller';
import { SecurityLogService } from './security-log.service';

/** Security events: recorded by the features (SecurityAudit, @AuditDownload), read by the secretariat. */
@Module({
  controllers: [SecurityLogController],
  providers: [SecurityAudit, SecurityLogService, AuditDownloadInterceptor],
  exports: [SecurityAudit, AuditDownloadInterceptor],
})
export class SecurityLogModule {}
