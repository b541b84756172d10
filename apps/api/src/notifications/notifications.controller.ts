import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@config';
import { Inject } from '@nestjs/common';
import { APP_CONFIG } from '@lib/database';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { SessionUser } from '../common/session-user';
import {
  DevMailView,
  IdParams,
  MailMessageDetailView,
  MailMessageView,
  MailQuery,
  MailStatusView,
  NotificationQuery,
  NotificationView,
  ReminderLogQuery,
  ReminderLogView,
  ReminderPolicyDto,
  ReminderPreviewView,
  ResendFailedDto,
  ResendFailedView,
} from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The caller's in-app notifications (the same events as the e-mail digests), newest first. */
  @Get('notifications')
  @ApiOkResponse({ type: [NotificationView] })
  mine(@CurrentUser() user: SessionUser, @Query() query: NotificationQuery): Promise<NotificationView[]> {
    return this.notifications.mine(user, query.unreadOnly ?? false);
  }

  @Post('notifications/:id/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  markRead(@CurrentUser() user: SessionUser, @Param() params: IdParams): Promise<void> {
    return this.notifications.markRead(user, params.id);
  }

  /** Reminder log of a campaign (optionally one recipient), with the state of each digest mail. */
  @Get('admin/campaigns/:id/reminders')
  @Roles('admin')
  @ApiOkResponse({ type: [ReminderLogView] })
  log(
    @CurrentUser() user: SessionUser,
    @Param() params: IdParams,
    @Query() query: ReminderLogQuery,
  ): Promise<ReminderLogView[]> {
    return this.notifications.log(user, params.id, query.recipientId, query.limit);
  }

  /** Who will be reminded at the next sending slot, and why (nothing is sent). */
  @Get('admin/campaigns/:id/reminders/preview')
  @Roles('admin')
  @ApiOkResponse({ type: ReminderPreviewView })
  preview(@CurrentUser() user: SessionUser, @Param() params: IdParams): Promise<ReminderPreviewView> {
    return this.notifications.preview(user, params.id);
  }

  @Get('admin/campaigns/:id/reminder-policy')
  @Roles('admin')
  @ApiOkResponse({ type: ReminderPolicyDto })
  policy(@CurrentUser() user: SessionUser, @Param() params: IdParams): Promise<ReminderPolicyDto> {
    return this.notifications.policy(user, params.id);
  }

  @Put('admin/campaigns/:id/reminder-policy')
  @Roles('admin')
  @ApiOkResponse({ type: ReminderPolicyDto })
  setPolicy(
    @CurrentUser() user: SessionUser,
    @Param() params: IdParams,
    @Body() dto: ReminderPolicyDto,
  ): Promise<ReminderPolicyDto> {
    return this.notifications.setPolicy(user, params.id, dto);
  }

  /** Outgoing mail; `?status=failed` is the dead-letter view. */
  @Get('admin/mail')
  @Roles('admin')
  @ApiOkResponse({ type: [MailMessageView] })
  mail(@CurrentUser() user: SessionUser, @Query() query: MailQuery): Promise<MailMessageView[]> {
    return this.notifications.mail(user, query.status, query.campaignId, query.limit);
  }

  /** SMTP state, mail queue depth and message counts: what an operator needs during a mail outage. */
  @Get('admin/mail/status')
  @Roles('admin')
  @ApiOkResponse({ type: MailStatusView })
  mailStatus(@CurrentUser() user: SessionUser): Promise<MailStatusView> {
    return this.notifications.status(user);
  }

  @Get('admin/mail/:id')
  @Roles('admin')
  @ApiOkResponse({ type: MailMessageDetailView })
  mailDetail(@CurrentUser() user: SessionUser, @Param() params: IdParams): Promise<MailMessageDetailView> {
    return this.notifications.mailDetail(user, params.id);
  }

  /** Send a failed message again (same Message-ID). 409 unless it is `failed`. */
  @Post('admin/mail/:id/resend')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: MailMessageView })
  resend(@CurrentUser() user: SessionUser, @Param() params: IdParams): Promise<MailMessageView> {
    return this.notifications.resend(user, params.id);
  }

  /** Send every failed message of a campaign (or of one reminder slot: `runId`) again, at once. */
  @Post('admin/campaigns/:id/mail/resend-failed')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: ResendFailedView })
  resendFailed(
    @CurrentUser() user: SessionUser,
    @Param() params: IdParams,
    @Body() dto: ResendFailedDto,
  ): Promise<ResendFailedView> {
    return this.notifications.resendFailed(user, params.id, dto.runId);
  }

  /** Development only: what the local SMTP sink received (404 in production). */
  @Get('admin/dev-mailbox')
  @Roles('admin')
  @ApiOkResponse({ type: [DevMailView] })
  devMailbox(): Promise<DevMailView[]> {
    if (this.config.env === 'production') {
      throw new NotFoundException();
    }
    return this.notifications.devMailbox();
  }
}
