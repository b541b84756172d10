import { Module } from '@nestjs/common';
import { MailStatusService } from '@lib/reminders';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ controllers: [HealthController], providers: [HealthService, MailStatusService] })
export class HealthModule {}
