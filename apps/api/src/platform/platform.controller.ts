import { Body, Controller, Get, Param, ParseIntPipe, Post, Req } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { auditContext } from '../common/actor';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { AuthenticatedRequest, SessionUser } from '../common/session-user';
import { AuthorityDto, CreateAuthorityDto, CreatedAuthorityDto } from './dto/authority.dto';
import { PlatformService } from './platform.service';

@ApiTags('platform')
@ApiCookieAuth('par_session')
@ApiForbiddenResponse({ description: 'Not a platform administrator, or missing X-CSRF-Token.' })
@Roles('platform_admin')
@Controller('platform/authorities')
export class PlatformController {
  constructor(private readonly platform: PlatformService) {}

  @Get()
  @ApiOperation({ summary: 'Every authority (tenant), by name.' })
  @ApiOkResponse({ type: AuthorityDto, isArray: true })
  list(): Promise<AuthorityDto[]> {
    return this.platform.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create an authority with its secretariat and first admin.',
    description: 'The admin’s password is generated, answered once, and must be changed at first sign-in.',
  })
  @ApiCreatedResponse({ type: CreatedAuthorityDto })
  create(
    @CurrentUser() user: SessionUser,
    @Req() req: AuthenticatedRequest,
    @Body() body: CreateAuthorityDto,
  ): Promise<CreatedAuthorityDto> {
    return this.platform.create(body, auditContext(user, req));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One authority.' })
  @ApiOkResponse({ type: AuthorityDto })
  @ApiNotFoundResponse({ description: 'No such authority.' })
  get(@Param('id', ParseIntPipe) id: number): Promise<AuthorityDto> {
    return this.platform.get(id);
  }
}
