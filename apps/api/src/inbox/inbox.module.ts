import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { InboxSettingsService } from './inbox-settings.service';
import { TaskActionsService } from './task-actions.service';

/** The officers' task inbox: views, counts, saved views, claim/assign, comments, history, out-of-office. */
@Module({
  controllers: [InboxController],
  providers: [InboxService, InboxSettingsService, TaskActionsService],
  exports: [TaskActionsService],
})
export class InboxModule {}
