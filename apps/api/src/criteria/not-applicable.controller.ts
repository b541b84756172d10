import { Body, Controller, Delete, Get, Param, Put, Req } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { actorOf } from '../common/actor';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import {
  CampaignIdParams,
  CampaignNotApplicableMarkView,
  CampaignUnitParams,
  NotApplicableDto,
  NotApplicableMarkView,
  NotApplicableParams,
} from './dto/not-applicable.dto';
import { NotApplicableService } from './not-applicable.service';

@ApiTags('admin')
@ApiCookieAuth('par_session')
@Roles('admin')
@Controller('admin/campaigns/:id/units/:unitId/not-applicable')
export class NotApplicableController {
  constructor(private readonly marks: NotApplicableService) {}

  @Get()
  @ApiOperation({ summary: 'Criteria marked not applicable to the unit, with their reasons.' })
  @ApiOkResponse({ type: [NotApplicableMarkView] })
  @ApiNotFoundResponse()
  list(@CurrentUser() user: SessionUser, @Param() p: CampaignUnitParams): Promise<NotApplicableMarkView[]> {
    return this.marks.list(user, p.id, p.unitId);
  }

  @Put(':code')
  @ApiOperation({
    summary: 'Mark a leaf not applicable to the unit (reason required)',
    description:
      'The leaf is not scored and leaves the unit’s maximum: index = achieved ÷ applicable max × 100. Audited; ' +
      'refused by the phase gate once the unit’s self-assessment has locked (423).',
  })
  @ApiOkResponse({ type: [NotApplicableMarkView] })
  @ApiNotFoundResponse()
  @ApiUnprocessableEntityResponse({ description: 'NOT_A_LEAF: the code is not a scored criterion of the unit’s set.' })
  mark(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: NotApplicableParams,
    @Body() dto: NotApplicableDto,
  ): Promise<NotApplicableMarkView[]> {
    return this.marks.mark(user, p.id, p.unitId, p.code, dto.reason, actorOf(user, req));
  }

  @Delete(':code')
  @ApiOperation({ summary: 'The leaf applies to the unit again (audited; same phase gate).' })
  @ApiOkResponse({ type: [NotApplicableMarkView] })
  @ApiNotFoundResponse()
  unmark(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: NotApplicableParams,
  ): Promise<NotApplicableMarkView[]> {
    return this.marks.unmark(user, p.id, p.unitId, p.code, actorOf(user, req));
  }
}

/** The campaign's marks at once: the secretariat's list shows them all, not one unit after another. */
@ApiTags('admin')
@ApiCookieAuth('par_session')
@Roles('admin')
@Controller('admin/campaigns/:id/not-applicable')
export class CampaignNotApplicableController {
  constructor(private readonly marks: NotApplicableService) {}

  @Get()
  @ApiOperation({ summary: 'Every criterion marked not applicable in the campaign, by unit, with its reason.' })
  @ApiOkResponse({ type: [CampaignNotApplicableMarkView] })
  @ApiNotFoundResponse()
  listCampaign(
    @CurrentUser() user: SessionUser,
    @Param() p: CampaignIdParams,
  ): Promise<CampaignNotApplicableMarkView[]> {
    return this.marks.listCampaign(user, p.id);
  }
}
