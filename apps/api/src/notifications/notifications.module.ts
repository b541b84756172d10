import { Module } from '@nestjs/common';
import { MailStatusService, ReminderService } from '@lib/reminders';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** In-app notifications and the admin side of reminders and mail (the planner is shared with the worker). */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, ReminderService, MailStatusService],
})
export class NotificationsModule {}
