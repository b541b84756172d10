import { Body, Controller, Get, Param, Patch, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCookieAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { actorOf } from '../common/actor';
import { ApiFileResponse } from '../common/api-file.decorator';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import { sendFile, XLSX } from '../exports/send-file';
import { CriteriaSetsService } from './criteria-sets.service';
import { CriteriaSetIdParams, CriteriaSetListItemView, StoredCriteriaSetView } from './dto/criteria.dto';
import { CriteriaSetDetailView, CriteriaSetEditDto } from './dto/criteria-sets.dto';

@ApiTags('admin')
@ApiCookieAuth('par_session')
@Roles('admin')
@Controller('admin/criteria-sets')
export class CriteriaSetsController {
  constructor(private readonly sets: CriteriaSetsService) {}

  @Get()
  @ApiOperation({ summary: 'Stored criteria sets of the authority, every version, newest first per code.' })
  @ApiOkResponse({ type: [CriteriaSetListItemView] })
  list(@CurrentUser() user: SessionUser): Promise<CriteriaSetListItemView[]> {
    return this.sets.list(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One stored version with every node (points, rule text, content area, evidence hint).' })
  @ApiOkResponse({ type: CriteriaSetDetailView })
  @ApiNotFoundResponse()
  get(@CurrentUser() user: SessionUser, @Param() p: CriteriaSetIdParams): Promise<CriteriaSetDetailView> {
    return this.sets.get(user, p.id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Small fixes to a version, stored as the next version of its code',
    description:
      'Points, rule text, content area and evidence hint per node, validated as an import is. A stored version ' +
      'never changes; a version a campaign uses is refused (409 CRITERIA_SET_IN_USE) unless newVersion=true.',
  })
  @ApiOkResponse({ type: StoredCriteriaSetView })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'A campaign uses this version: send newVersion=true.' })
  @ApiUnprocessableEntityResponse({ description: 'Problems in error.details.problems; nothing stored.' })
  edit(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Param() p: CriteriaSetIdParams,
    @Body() dto: CriteriaSetEditDto,
  ): Promise<StoredCriteriaSetView> {
    return this.sets.edit(user, p.id, dto, actorOf(user, req));
  }

  @Get(':id/export.xlsx')
  @ApiOperation({ summary: 'A stored version as .xlsx in the Vietnamese layout (imports back to the same set).' })
  @ApiFileResponse(XLSX, 'The criteria set (.xlsx).')
  @ApiNotFoundResponse()
  async exportXlsx(
    @CurrentUser() user: SessionUser,
    @Param() p: CriteriaSetIdParams,
    @Res() res: Response,
  ): Promise<void> {
    const out = await this.sets.exportXlsx(user, p.id);
    sendFile(res, out.body, XLSX, out.fileName);
  }
}
