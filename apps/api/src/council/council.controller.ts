import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../common/actor';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import { CampaignParams, ConsolidationView } from '../consolidation/dto/consolidation.dto';
import { CouncilService } from './council.service';
import {
  ApproveCouncilDto,
  CouncilAdjustmentDto,
  CouncilRulesDto,
  CouncilSessionView,
  CreateCouncilSessionDto,
  SessionParams,
} from './dto/council.dto';

@ApiTags('council')
@Controller('campaigns/:id/council')
export class CouncilController {
  constructor(private readonly council: CouncilService) {}

  @Post('sessions')
  @Roles('admin')
  @ApiOperation({ summary: 'Open a council session (members, date); the campaign must be in council review.' })
  @ApiCreatedResponse({ type: CouncilSessionView })
  create(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: CampaignParams,
    @Body() dto: CreateCouncilSessionDto,
  ): Promise<CouncilSessionView> {
    return this.council.create(user, p.id, dto, actorOf(user, req));
  }

  @Get('sessions')
  @Roles('admin', 'leader', 'council_member', 'viewer')
  @ApiOkResponse({ type: [CouncilSessionView] })
  list(@CurrentUser() user: SessionUser, @Param() p: CampaignParams): Promise<CouncilSessionView[]> {
    return this.council.list(user, p.id);
  }

  @Get('sessions/:sessionId')
  @Roles('admin', 'leader', 'council_member', 'viewer')
  @ApiOkResponse({ type: CouncilSessionView })
  get(@CurrentUser() user: SessionUser, @Param() p: SessionParams): Promise<CouncilSessionView> {
    return this.council.get(user, p.id, p.sessionId);
  }

  @Get('sessions/:sessionId/agenda')
  @Roles('admin', 'leader', 'council_member', 'viewer')
  @ApiOperation({ summary: 'The agenda: the consolidated table as it stands.' })
  @ApiOkResponse({ type: ConsolidationView })
  async agenda(@CurrentUser() user: SessionUser, @Param() p: SessionParams): Promise<ConsolidationView> {
    await this.council.get(user, p.id, p.sessionId);
    return this.council.agenda(user, p.id) as Promise<ConsolidationView>;
  }

  @Post('sessions/:sessionId/adjustments')
  @Roles('admin', 'council_member')
  @ApiOperation({
    summary: 'Adjust one leaf of one unit (reason, proposing member and the vote required; refused when not carried).',
  })
  @ApiCreatedResponse({ type: CouncilSessionView })
  adjust(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: SessionParams,
    @Body() dto: CouncilAdjustmentDto,
  ): Promise<CouncilSessionView> {
    return this.council.adjust(user, p.id, p.sessionId, dto, actorOf(user, req));
  }

  @Post('sessions/:sessionId/approve')
  @Roles('admin', 'council_member')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The chair approves with the vote (quorum and threshold checked): council.approved; appraised sheets become final.',
  })
  @ApiOkResponse({ type: CouncilSessionView })
  approve(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: SessionParams,
    @Body() dto: ApproveCouncilDto,
  ): Promise<CouncilSessionView> {
    return this.council.approve(user, p.id, p.sessionId, dto, actorOf(user, req));
  }

  @Put('rules')
  @Roles('admin')
  @ApiOperation({
    summary: 'Set the council vote rules (quorum, threshold); refused once a session has approved under them.',
  })
  @ApiOkResponse({ type: CouncilRulesDto })
  setRules(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: CampaignParams,
    @Body() dto: CouncilRulesDto,
  ): Promise<CouncilRulesDto> {
    return this.council.setRules(user, p.id, dto, actorOf(user, req));
  }
}
