import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { actorOf } from '../common/actor';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import {
  CreatedCommentView,
  ActionResultView,
  AssigneeView,
  AssignDto,
  BulkAssignDto,
  BulkItemView,
  ChangeDatesDto,
  CommentDto,
  CommentView,
  HistoryEntryView,
  IdParams,
  InboxCountsView,
  InboxPageView,
  InboxQuery,
  OutOfOfficeDto,
  OutOfOfficeView,
  SavedViewDto,
  SavedViewView,
  TaskIdsDto,
} from './dto/inbox.dto';
import { InboxService } from './inbox.service';
import { InboxSettingsService } from './inbox-settings.service';
import { TaskActionsService } from './task-actions.service';

const INBOX_ROLES = ['appraiser', 'supervisor', 'admin', 'leader', 'council_member', 'viewer'] as const;

/**
 * Real-time choice: **polling with ETag** (see docs). `GET /api/inbox/tasks` and `/counts` answer a weak ETag
 * computed over what changes the list (ids, versions, assignees, states, badge kinds — not the seconds left);
 * the client polls every 15 s with `If-None-Match` and gets `304` while nothing changed. It works behind any
 * proxy, across several api processes, with no connection held per officer; time remaining is recomputed in
 * the browser from `dueAt` and `serverTime`.
 */
@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly settings: InboxSettingsService,
    private readonly actions: TaskActionsService,
  ) {}

  @Get('tasks')
  @Roles(...INBOX_ROLES)
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ type: InboxPageView })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag sent in If-None-Match.' })
  async list(
    @CurrentUser() user: SessionUser,
    @Query() query: InboxQuery,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InboxPageView | undefined> {
    const page = await this.inbox.list(user, query);
    const tag = etag(
      page.items.map((i) => [i.id, i.version, i.assignee?.id, i.state, i.badge.kind, i.dueAt]),
      page.nextCursor,
    );
    return conditional(req, res, tag, page);
  }

  @Get('counts')
  @Roles(...INBOX_ROLES)
  @ApiOkResponse({ type: InboxCountsView })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag sent in If-None-Match.' })
  async counts(
    @CurrentUser() user: SessionUser,
    @Query() query: InboxQuery,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InboxCountsView | undefined> {
    const counts = await this.inbox.counts(user, query);
    return conditional(req, res, etag(counts), counts);
  }

  // The bulk routes come before the `tasks/:id/…` ones: Express matches in registration order, and
  // `tasks/:id/claim` took `tasks/bulk/claim` (id "bulk" → 400), so bulk claim and bulk assign never ran.
  @Post('tasks/bulk/claim')
  @Roles('appraiser', 'supervisor')
  @HttpCode(200)
  @ApiOkResponse({ type: [BulkItemView] })
  bulkClaim(@CurrentUser() user: SessionUser, @Req() req: AuthenticatedRequest, @Body() dto: TaskIdsDto) {
    const actor = actorOf(user, req);
    return this.actions.bulk(user, dto.taskIds, (id) => this.actions.claim(user, id, actor));
  }

  @Post('tasks/bulk/assign')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOkResponse({ type: [BulkItemView] })
  bulkAssign(@CurrentUser() user: SessionUser, @Req() req: AuthenticatedRequest, @Body() dto: BulkAssignDto) {
    const actor = actorOf(user, req);
    return this.actions.bulk(user, dto.taskIds, (id) => this.actions.assign(user, id, dto.userId, actor));
  }

  @Post('tasks/:id/claim')
  @Roles('appraiser', 'supervisor')
  @HttpCode(200)
  @ApiOkResponse({ type: ActionResultView })
  claim(@CurrentUser() user: SessionUser, @Req() req: AuthenticatedRequest, @Param() p: IdParams) {
    return this.actions.claim(user, p.id, actorOf(user, req));
  }

  @Post('tasks/:id/unclaim')
  @Roles('appraiser', 'supervisor')
  @HttpCode(200)
  @ApiOkResponse({ type: ActionResultView })
  unclaim(@CurrentUser() user: SessionUser, @Req() req: AuthenticatedRequest, @Param() p: IdParams) {
    return this.actions.unclaim(user, p.id, actorOf(user, req));
  }

  @Post('tasks/:id/assign')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOkResponse({ type: ActionResultView })
  assign(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: IdParams,
    @Body() dto: AssignDto,
  ) {
    return this.actions.assign(user, p.id, dto.userId, actorOf(user, req));
  }

  @Patch('tasks/:id/dates')
  @Roles('supervisor')
  @HttpCode(204)
  @ApiNoContentResponse()
  async dates(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: IdParams,
    @Body() dto: ChangeDatesDto,
  ): Promise<void> {
    await this.actions.changeDates(user, p.id, dto, actorOf(user, req));
  }

  @Get('tasks/:id/comments')
  @Roles(...INBOX_ROLES)
  @ApiOkResponse({ type: [CommentView] })
  comments(@CurrentUser() user: SessionUser, @Param() p: IdParams) {
    return this.actions.comments(user, p.id);
  }

  @Post('tasks/:id/comments')
  @Roles('appraiser', 'supervisor', 'admin')
  @ApiCreatedResponse({ type: CreatedCommentView, description: 'The comment id and time.' })
  comment(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: IdParams,
    @Body() dto: CommentDto,
  ) {
    return this.actions.comment(user, p.id, dto.body, actorOf(user, req));
  }

  @Get('tasks/:id/history')
  @Roles(...INBOX_ROLES)
  @ApiOkResponse({ type: [HistoryEntryView] })
  history(@CurrentUser() user: SessionUser, @Param() p: IdParams) {
    return this.actions.history(user, p.id);
  }

  @Get('views')
  @Roles(...INBOX_ROLES)
  @ApiOkResponse({ type: [SavedViewView] })
  views(@CurrentUser() user: SessionUser) {
    return this.settings.savedViews(user);
  }

  @Post('views')
  @Roles(...INBOX_ROLES)
  @ApiCreatedResponse({ type: SavedViewView })
  createView(@CurrentUser() user: SessionUser, @Body() dto: SavedViewDto) {
    return this.settings.createSavedView(user, dto);
  }

  @Put('views/:id')
  @Roles(...INBOX_ROLES)
  @ApiOkResponse({ type: SavedViewView })
  updateView(@CurrentUser() user: SessionUser, @Param() p: IdParams, @Body() dto: SavedViewDto) {
    return this.settings.updateSavedView(user, p.id, dto);
  }

  @Delete('views/:id')
  @Roles(...INBOX_ROLES)
  @HttpCode(204)
  @ApiNoContentResponse()
  async deleteView(@CurrentUser() user: SessionUser, @Param() p: IdParams): Promise<void> {
    await this.settings.deleteSavedView(user, p.id);
  }

  /** Who a supervisor can assign tasks to, and who can stand in for an absent colleague. */
  @Get('assignees')
  @Roles('supervisor', 'appraiser')
  @ApiOkResponse({ type: [AssigneeView] })
  assignees(@CurrentUser() user: SessionUser): Promise<AssigneeView[]> {
    return this.settings.assignees(user);
  }

  @Get('out-of-office')
  @Roles('appraiser', 'supervisor')
  @ApiOkResponse({ type: [OutOfOfficeView] })
  outOfOffice(@CurrentUser() user: SessionUser) {
    return this.settings.outOfOffice(user);
  }

  @Post('out-of-office')
  @Roles('appraiser', 'supervisor')
  @ApiCreatedResponse({ type: OutOfOfficeView })
  addOutOfOffice(@CurrentUser() user: SessionUser, @Body() dto: OutOfOfficeDto) {
    return this.settings.addOutOfOffice(user, dto);
  }

  @Delete('out-of-office/:id')
  @Roles('appraiser', 'supervisor')
  @HttpCode(204)
  @ApiNoContentResponse()
  async removeOutOfOffice(@CurrentUser() user: SessionUser, @Param() p: IdParams): Promise<void> {
    await this.settings.removeOutOfOffice(user, p.id);
  }
}

function etag(...parts: unknown[]): string {
  return `W/"${createHash('sha1').update(JSON.stringify(parts)).digest('base64url').slice(0, 27)}"`;
}

/** Sets ETag; answers 304 (no body) when the client's If-None-Match matches. */
function conditional<T>(req: AuthenticatedRequest, res: Response, tag: string, body: T): T | undefined {
  res.setHeader('ETag', tag);
  res.setHeader('Cache-Control', 'private, no-cache');
  const sent = req.headers['if-none-match'];
  if (sent && sent.split(',').some((t) => t.trim() === tag)) {
    res.status(304);
    return undefined;
  }
  return body;
}
