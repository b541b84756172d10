import { Module } from '@nestjs/common';
import { SecurityLogModule } from '../security-log/security-log.module';
import { ProgressController } from './progress.controller';
import { BehindService } from './behind.service';
import { ProgressService } from './progress.service';

@Module({
  imports: [SecurityLogModule],
  controllers: [ProgressController],
  providers: [ProgressService, BehindService],
})
export class ProgressModule {}
