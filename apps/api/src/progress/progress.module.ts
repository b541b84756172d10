import { Module } from '@nestjs/common';
import { ProgressController } from './progress.controller';
import { BehindService } from './behind.service';
import { ProgressService } from './progress.service';

@Module({ controllers: [ProgressController], providers: [ProgressService, BehindService] })
export class ProgressModule {}
