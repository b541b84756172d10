import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../common/current-user.decorator';
import { Roles } from '../../common/roles.decorator';
import type { SessionUser } from '../../common/session-user';
import { RecheckAccepted, RecheckParams, RecheckRunView } from './dto/recheck.dto';
import { EvidenceRecheckService } from './evidence-recheck.service';

/** Kiểm tra lại chữ ký: the secretariat re-checks stored evidence; the reports process does the work. */
@ApiTags('evidence')
@Controller('evidence-rechecks')
@Roles('admin')
export class EvidenceRecheckController {
  constructor(private readonly rechecks: EvidenceRecheckService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Re-check the signatures of every stored document of the authority (e.g. after a revocation became known) as a background job; the one already queued or running is that job.',
  })
  @ApiAcceptedResponse({ type: RecheckAccepted })
  request(@CurrentUser() user: SessionUser): Promise<RecheckAccepted> {
    return this.rechecks.request(user);
  }

  @Get()
  @ApiOperation({
    summary: 'Re-checks of the last day covering the authority’s documents (requested, and after a trust change).',
  })
  @ApiOkResponse({ type: RecheckRunView, isArray: true })
  list(@CurrentUser() user: SessionUser): Promise<RecheckRunView[]> {
    return this.rechecks.list(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A re-check: state, progress (done/total) and message.' })
  @ApiOkResponse({ type: RecheckRunView })
  get(@CurrentUser() user: SessionUser, @Param() p: RecheckParams): Promise<RecheckRunView> {
    return this.rechecks.get(user, p.id);
  }
}
