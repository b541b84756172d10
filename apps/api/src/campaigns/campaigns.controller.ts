import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { actorOf } from '../common/actor';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import { CampaignSetupService } from './campaign-setup.service';
import { CampaignsService } from './campaigns.service';
import {
  CampaignView,
  ChangeDeadlineDto,
  CreatedCampaignView,
  CampaignPhaseParams,
  CampaignUnitView,
} from './dto/campaign.dto';
import {
  CampaignDefinitionDto,
  CreateCampaignDto,
  RoutingSuggestionQueryDto,
  SuggestedAreaView,
} from './dto/campaign-definition.dto';

@ApiTags('campaigns')
@Controller()
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly setup: CampaignSetupService,
  ) {}

  @Get('campaigns')
  @ApiOkResponse({ type: [CampaignView] })
  list(@CurrentUser() user: SessionUser): Promise<CampaignView[]> {
    return this.campaigns.list(user);
  }

  @Get('campaigns/:id')
  @ApiOkResponse({ type: CampaignView })
  get(@CurrentUser() user: SessionUser, @Param('id', ParseIntPipe) id: number): Promise<CampaignView> {
    return this.campaigns.get(user, id);
  }

  /** The campaign's units with their group, criteria set, sheet state and the deadline in force (secretariat). */
  @Get('campaigns/:id/units')
  @Roles('admin')
  @ApiOkResponse({ type: [CampaignUnitView] })
  units(@CurrentUser() user: SessionUser, @Param('id', ParseIntPipe) id: number): Promise<CampaignUnitView[]> {
    return this.campaigns.units(user, id);
  }

  /**
   * Create a campaign from a definition that refers to the authority's stored organisations, units and criteria
   * sets (the wizard). Problems with the definition: 422 CAMPAIGN_DEFINITION_INVALID with every one, in Vietnamese.
   */
  @Post('admin/campaigns')
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedCampaignView })
  async create(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Body() dto: CreateCampaignDto,
  ): Promise<CreatedCampaignView> {
    const created = await this.setup.createCampaign(dto.definition, actorOf(user, req), user.authorityId, {
      open: dto.open,
    });
    return { id: created.id, sheets: created.sheets, deadlines: created.deadlines };
  }

  /**
   * The routing editor's proposal for the chosen criteria sets: each content area with the organisations its sheet
   * names (accent-insensitive, aliases, the start of a name) or the last campaign's choice, and the names that
   * match none or several — to be fixed in the wizard, never a refusal. Reads only.
   */
  @Post('admin/campaigns/routing-suggestion')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: [SuggestedAreaView] })
  async routingSuggestion(
    @CurrentUser() user: SessionUser,
    @Body() dto: RoutingSuggestionQueryDto,
  ): Promise<SuggestedAreaView[]> {
    const areas = await this.setup.suggestRouting(user.authorityId, dto.criteriaSetIds);
    return areas.map((a) => ({
      ...a,
      unresolved: a.unresolved.map((u) => ({
        text: u.text,
        kind: u.kind,
        candidates: u.candidates,
        message: u.problem.message,
        messageVi: u.problem.messageVi,
      })),
    }));
  }

  /** The campaign's definition (rebuilt from its frozen plan): the wizard's starting point for next year's copy. */
  @Get('admin/campaigns/:id/definition')
  @Roles('admin')
  @ApiOkResponse({ type: CampaignDefinitionDto })
  definition(@CurrentUser() user: SessionUser, @Param('id', ParseIntPipe) id: number): Promise<CampaignDefinitionDto> {
    return this.campaigns.definition(user, id);
  }

  /** Change (extend) a phase deadline for every unit: audited, and its job is re-scheduled. */
  @Put('admin/campaigns/:id/deadlines/:phase')
  @Roles('admin')
  @ApiOkResponse({ type: CampaignView })
  changeDeadline(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() params: CampaignPhaseParams,
    @Body() dto: ChangeDeadlineDto,
  ): Promise<CampaignView> {
    return this.campaigns.changeDeadline(user, params.id, params.phase, dto.dueAt, dto.reason, actorOf(user, req));
  }

  /** Close the current phase before its deadline (self-assessment or appraisal). */
  @Post('admin/campaigns/:id/phases/:phase/close')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignView })
  close(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() params: CampaignPhaseParams,
  ): Promise<CampaignView> {
    return this.campaigns.closePhase(user, params.id, params.phase, actorOf(user, req));
  }
}
