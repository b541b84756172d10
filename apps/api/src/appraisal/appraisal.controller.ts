import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../common/actor';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import { IdParams } from '../inbox/dto/inbox.dto';
import { AppraisalService } from './appraisal.service';
import { ClarificationsService } from './clarifications.service';
import {
  AnswerClarificationDto,
  AppraisalTaskView,
  ClarificationView,
  ConfirmDto,
  RequestClarificationDto,
  SavedScoresView,
  SaveScoresDto,
} from './dto/appraisal.dto';

@ApiTags('appraisal')
@Controller('appraisal')
export class AppraisalController {
  constructor(
    private readonly appraisal: AppraisalService,
    private readonly clarificationService: ClarificationsService,
  ) {}

  /** The task with every leaf of its content area: self score, rule suggestion, round 1/2 scores, clarifications. */
  @Get('tasks/:id')
  @Roles('appraiser', 'supervisor', 'admin', 'leader', 'council_member', 'viewer')
  @ApiOkResponse({ type: AppraisalTaskView })
  detail(@CurrentUser() user: SessionUser, @Param() p: IdParams) {
    return this.appraisal.detail(user, p.id);
  }

  /** Saves every valid entry; `refused` names each entry that was not saved and why (400 only when none was). */
  @Put('tasks/:id/scores')
  @Roles('appraiser', 'supervisor')
  @ApiOkResponse({ type: SavedScoresView })
  scores(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: IdParams,
    @Body() dto: SaveScoresDto,
  ) {
    return this.appraisal.saveScores(user, p.id, dto.scores, actorOf(user, req));
  }

  @Post('tasks/:id/clarifications')
  @Roles('appraiser', 'supervisor')
  @ApiCreatedResponse({ type: ClarificationView })
  requestClarification(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: IdParams,
    @Body() dto: RequestClarificationDto,
  ) {
    return this.clarificationService.request(user, p.id, dto, actorOf(user, req));
  }

  @Post('tasks/:id/confirm')
  @Roles('appraiser', 'supervisor', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ type: AppraisalTaskView })
  confirm(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: IdParams,
    @Body() dto: ConfirmDto,
  ) {
    return this.appraisal.confirm(user, p.id, dto.note, actorOf(user, req));
  }

  @Post('tasks/:id/complete')
  @Roles('appraiser', 'supervisor')
  @HttpCode(200)
  @ApiOkResponse({ type: AppraisalTaskView })
  complete(@CurrentUser() user: SessionUser, @Req() req: AuthenticatedRequest, @Param() p: IdParams) {
    return this.appraisal.complete(user, p.id, actorOf(user, req));
  }

  /** The unit's clarification requests (unit officers of the assessed unit). */
  @Get('clarifications')
  @Roles('unit_officer')
  @ApiOkResponse({ type: [ClarificationView] })
  clarifications(@CurrentUser() user: SessionUser) {
    return this.clarificationService.ofUnit(user);
  }

  @Post('clarifications/:id/answer')
  @Roles('unit_officer')
  @HttpCode(200)
  @ApiOkResponse({ type: ClarificationView })
  answer(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: IdParams,
    @Body() dto: AnswerClarificationDto,
  ) {
    return this.clarificationService.answer(user, p.id, dto, actorOf(user, req));
  }
}
