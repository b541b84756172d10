import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, UploadedFile } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiFileUpload, requireFile } from '../common/api-file.decorator';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { SessionUser } from '../common/session-user';
import {
  CreateOrganisationDto,
  OrganisationDto,
  OrganisationImportQuery,
  OrganisationImportResultDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';

/** An authority's sheet of a few hundred organisations is well under a megabyte. */
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

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

  @Post('import')
  @HttpCode(200)
  @ApiFileUpload(IMPORT_MAX_BYTES)
  @ApiOperation({
    summary: 'Import organisations and units from .xlsx (dry run by default)',
    description:
      'Columns (header row): Mã | Tên | Tên ngắn | Tên khác (";"-separated) | Loại/Nhóm (a unit group, or ' +
      '"Cơ quan thẩm định") | Đơn vị tiền thân (codes, ";"-separated). Answers the rows and every problem with its ' +
      'row. dryRun=false without problems writes every row in one transaction (stored codes are updated); with ' +
      'problems it answers 422 with all of them in error.details.problems and writes nothing.',
  })
  @ApiOkResponse({ type: OrganisationImportResultDto })
  @ApiUnprocessableEntityResponse({ description: 'dryRun=false with problems: nothing written.' })
  import(
    @CurrentUser() admin: SessionUser,
    @Query() query: OrganisationImportQuery,
    @UploadedFile() file: { buffer: Buffer } | undefined,
  ): Promise<OrganisationImportResultDto> {
    return this.organisations.import(admin, requireFile(file).buffer, query.dryRun ?? true);
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
