import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { BatchOf } from '../../sheets/dto/sheet.dto';
import { CriteriaSetListItemView } from './criteria.dto';

export class CriterionEditDto {
  @ApiProperty({ example: '1.1.2' })
  @Matches(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/, { message: 'code must be a criterion code such as 1.1.2' })
  code: string;

  @ApiPropertyOptional({ example: '1,5', description: 'Max points as a decimal (comma allowed, ≤ 3 decimals).' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  maxPoints?: string;

  @ApiPropertyOptional({
    example: 'Đúng hạn: 1; Không đúng hạn: 0',
    description: 'A leaf’s rule in the words of the .xlsx “Hướng dẫn chấm” column.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  ruleText?: string;

  @ApiPropertyOptional({ example: 'noiVu' })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, { message: 'contentArea must be a content area key' })
  contentArea?: string;

  @ApiPropertyOptional({ description: 'Empty text removes the hint.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  evidenceHint?: string;
}

export class CriteriaSetEditDto {
  @BatchOf(CriterionEditDto, 1000)
  edits: CriterionEditDto[];

  @ApiPropertyOptional({
    description: 'Required (true) when a campaign uses the version: the edit is then knowingly a new version.',
  })
  @IsOptional()
  @IsBoolean()
  newVersion?: boolean;
}

export class CriteriaSetNodeView {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: '1 for a field, 2 for a criterion, …' }) depth: number;
  @ApiProperty() leaf: boolean;
  @ApiProperty() maxPoints: number;
  @ApiPropertyOptional() ruleKind?: string;
  @ApiPropertyOptional({ description: 'The rule as “Hướng dẫn chấm” text (the form edits this).' }) ruleText?: string;
  @ApiPropertyOptional() contentArea?: string;
  @ApiPropertyOptional({
    description: 'The content area’s wording (the set’s own, else the routing table of the authority’s campaigns).',
  })
  contentAreaName?: string;
  @ApiProperty() contentAreaInherited: boolean;
  @ApiPropertyOptional() evidenceHint?: string;
}

export class CriteriaSetDetailView extends CriteriaSetListItemView {
  @ApiPropertyOptional() notice?: string;
  @ApiProperty({ type: [CriteriaSetNodeView], description: 'Every node in tree order.' }) nodes: CriteriaSetNodeView[];
}
