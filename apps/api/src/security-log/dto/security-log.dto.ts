import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { INSTANT_SCHEMA, IsInstant } from '../../common/dates';
import { SECURITY_ACTIONS, type SecurityAction } from '../security-events';
import { PageQuery } from '../../common/page.query';

export class SecurityEventsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only events this user did or that concern them.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  userId?: number;

  @ApiPropertyOptional({ enum: SECURITY_ACTIONS })
  @IsOptional()
  @IsIn(SECURITY_ACTIONS)
  action?: SecurityAction;

  @ApiPropertyOptional({ ...INSTANT_SCHEMA, description: 'From this instant (inclusive).' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ ...INSTANT_SCHEMA, description: 'Before this instant (exclusive).' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class SecurityEventUserView {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
}

export class SecurityEventView {
  @ApiProperty() id: number;
  @ApiProperty({ ...INSTANT_SCHEMA }) occurredAt: string;
  @ApiProperty({ enum: SECURITY_ACTIONS }) action: SecurityAction;
  @ApiPropertyOptional({
    type: SecurityEventUserView,
    nullable: true,
    description: 'Who did it (null: the system or a visitor not signed in).',
  })
  actor: SecurityEventUserView | null;
  @ApiProperty({ type: SecurityEventUserView, description: 'The account it concerns.' })
  subject: SecurityEventUserView;
  @ApiPropertyOptional({ type: String, nullable: true }) ip: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What else was recorded (e.g. roles before and after, the downloaded document or file).',
  })
  details: Record<string, unknown>;
}

export class SecurityEventPageView {
  @ApiProperty({ type: SecurityEventView, isArray: true }) items: SecurityEventView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
