import { ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@lib/database';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/page.query';

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only users of this organisation.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  organisationCode?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'Only users holding this role.' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}
