import { Module } from '@nestjs/common';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';
import { UnitGroupsController } from './unit-groups.controller';
import { UnitGroupsService } from './unit-groups.service';

@Module({
  controllers: [OrganisationsController, UnitGroupsController],
  providers: [OrganisationsService, UnitGroupsService],
})
export class OrganisationsModule {}
