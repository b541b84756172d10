import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.decorator';
import type { SessionUser } from '../common/session-user';
import { NameUnitGroupDto, UnitGroupView } from './dto/unit-group.dto';
import { UnitGroupsService } from './unit-groups.service';

@ApiTags('admin')
@Roles('admin')
@Controller('admin/unit-groups')
export class UnitGroupsController {
  constructor(private readonly groups: UnitGroupsService) {}

  @Get()
  @ApiOperation({ summary: "The authority's unit groups with their names and unit counts." })
  @ApiOkResponse({ type: [UnitGroupView] })
  list(@CurrentUser() admin: SessionUser): Promise<UnitGroupView[]> {
    return this.groups.list(admin.authorityId);
  }

  @Put()
  @ApiOperation({ summary: 'Name a unit group of the authority (every screen shows the name instead of the key).' })
  @ApiOkResponse({ type: [UnitGroupView] })
  name(@CurrentUser() admin: SessionUser, @Body() dto: NameUnitGroupDto): Promise<UnitGroupView[]> {
    return this.groups.name(admin.authorityId, dto);
  }
}
