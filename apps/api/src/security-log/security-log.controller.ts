import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { SessionUser } from '../common/session-user';
import { SecurityEventPageView, SecurityEventsQuery } from './dto/security-log.dto';
import { SecurityLogService } from './security-log.service';

@ApiTags('security-log')
@Roles('admin')
@Controller('admin/security-events')
export class SecurityLogController {
  constructor(private readonly log: SecurityLogService) {}

  @Get()
  @ApiOperation({
    summary: 'Security events of the admin’s authority, newest first, filtered by person, action, time.',
  })
  @ApiOkResponse({ type: SecurityEventPageView })
  list(@CurrentUser() admin: SessionUser, @Query() query: SecurityEventsQuery): Promise<SecurityEventPageView> {
    return this.log.list(admin, query);
  }
}
