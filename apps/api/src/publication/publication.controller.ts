import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../common/actor';
import { CurrentUser } from '../common/current-user.decorator';
import { Public } from '../common/public.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import { CampaignParams } from '../consolidation/dto/consolidation.dto';
import { ReportJobAccepted } from '../reports/dto/report-jobs.dto';
import {
  CampaignStateView,
  CorrectionDto,
  DecisionDto,
  PublicationView,
  PublicRankingListItem,
  PublicRankingParams,
  PublicRankingQuery,
  RevisionParams,
} from './dto/publication.dto';
import { PublicationService } from './publication.service';
import { PublishedRankingsService } from './published-rankings.service';

@ApiTags('publication')
@Controller('campaigns/:id')
export class PublicationController {
  constructor(
    private readonly publications: PublicationService,
    private readonly published: PublishedRankingsService,
  ) {}

  @Post('leadership-approval')
  @Roles('leader')
  @HttpCode(200)
  @ApiOperation({ summary: 'Leadership approves the council’s result (leadership.approved).' })
  @ApiOkResponse({ type: CampaignStateView })
  approve(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: CampaignParams,
  ): Promise<CampaignStateView> {
    return this.publications.approveByLeadership(user, p.id, actorOf(user, req));
  }

  @Post('publications')
  @Roles('admin', 'leader')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Publish (revision 1) as a job: checks now that it may happen (council and leadership approval, every unit decided: 409/422 in Vietnamese otherwise), then answers 202 with the job that consolidates and freezes the ranking tables (follow it at GET /api/report-jobs/{id}; revision 1 once done).',
  })
  @ApiAcceptedResponse({ type: ReportJobAccepted })
  publish(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: CampaignParams,
    @Body() dto: DecisionDto,
  ): Promise<ReportJobAccepted> {
    return this.publications.requestPublish(user, p.id, dto, actorOf(user, req));
  }

  @Post('publications/corrections')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'A correction as a job: a new revision (optionally with leaf corrections, checked now); earlier revisions stay. 202 with the job (its revision is the new one).',
  })
  @ApiAcceptedResponse({ type: ReportJobAccepted })
  correct(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: CampaignParams,
    @Body() dto: CorrectionDto,
  ): Promise<ReportJobAccepted> {
    return this.publications.requestCorrection(user, p.id, dto, actorOf(user, req));
  }

  @Get('publications')
  @ApiOkResponse({ type: [PublicationView] })
  list(@CurrentUser() user: SessionUser, @Param() p: CampaignParams): Promise<PublicationView[]> {
    return this.published.list(user, p.id);
  }

  @Get('publications/:revision')
  @ApiOkResponse({ type: PublicationView })
  get(@CurrentUser() user: SessionUser, @Param() p: RevisionParams): Promise<PublicationView> {
    return this.published.get(user, p.id, p.revision);
  }
}

/** Unauthenticated, read-only: published rankings only (never drafts or consolidation). */
@ApiTags('public')
@Public()
@Controller('public/rankings')
export class PublicRankingsController {
  constructor(private readonly published: PublishedRankingsService) {}

  @Get()
  @ApiOperation({ summary: 'Campaigns with published rankings (newest revision of each).' })
  @ApiOkResponse({ type: [PublicRankingListItem] })
  list(): Promise<PublicRankingListItem[]> {
    return this.published.publicList();
  }

  @Get(':campaignCode')
  @ApiOperation({ summary: 'The published ranking tables of a campaign (newest revision unless ?revision=).' })
  @ApiOkResponse({ type: PublicationView })
  get(@Param() p: PublicRankingParams, @Query() q: PublicRankingQuery): Promise<PublicationView> {
    return this.published.publicGet(p.campaignCode, q.authority, q.revision);
  }
}
