import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { SessionUser } from '../common/session-user';
import { CreateOrganisationDto, OrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('admin')
@ApiCookieAuth('par_session')
@ApiForbiddenResponse({ description: 'Not an admin, or missing X-CSRF-Token.' })
@Roles('admin')
@Controller('admin/organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOperation({ summary: 'The organisations and units of the admin’s authority, by code.' })
  @ApiOkResponse({ type: OrganisationDto, isArray: true })
  list(@CurrentUser() admin: SessionUser): Promise<OrganisationDto[]> {
    return this.organisations.list(admin);
  }

  @Post()
  @ApiOperation({ summary: 'Create an organisation; with a unit group it is also an assessed unit.' })
  @ApiCreatedResponse({ type: OrganisationDto })
  create(@CurrentUser() admin: SessionUser, @Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.organisations.create(admin, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation of the admin’s authority.' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ description: 'Not an organisation of the admin’s authority.' })
  get(@CurrentUser() admin: SessionUser, @Param('id', ParseIntPipe) id: number): Promise<OrganisationDto> {
    return this.organisations.get(admin, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the name, short name, aliases, unit group or predecessors.' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ description: 'Not an organisation of the admin’s authority.' })
  update(
    @CurrentUser() admin: SessionUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateOrganisationDto,
  ): Promise<OrganisationDto> {
    return this.organisations.update(admin, id, body);
  }
}
