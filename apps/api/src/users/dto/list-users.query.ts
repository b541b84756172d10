import { ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@lib/database';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ListUsersQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 50;

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
