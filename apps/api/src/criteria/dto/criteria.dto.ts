import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Min } from 'class-validator';

/** `true`/`1` and `false`/`0` from a query string; anything else stays as it came, for @IsBoolean to refuse. */
const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class CriteriaImportQuery {
  @ApiPropertyOptional({
    default: true,
    description: 'Only check and preview (default). With false and no error, the set is stored as a new version.',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;

  @ApiPropertyOptional({
    description: "Check content areas and appraisers against this campaign's routing table (its plan).",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'campaignId must be a whole number' })
  @Min(1)
  campaignId?: number;

  @ApiPropertyOptional({ example: 'agency', description: 'Unit group; default: the one the file declares.' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'unitGroup must be a group key such as agency or commune' })
  unitGroup?: string;

  @ApiPropertyOptional({
    example: 'agency-2024',
    description: 'Set key when the workbook declares none; default: from the file name.',
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'key must be lower-case letters, digits and dashes' })
  key?: string;
}

export class CriteriaSetIdParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a whole number' })
  @Min(1)
  id: number;
}

export class CriteriaProblemView {
  @ApiProperty({ enum: ['error', 'warning'] }) severity: 'error' | 'warning';
  @ApiProperty({ example: 'sum-mismatch' }) kind: string;
  @ApiProperty({ description: 'English.' }) message: string;
  @ApiProperty({ description: 'Vietnamese.' }) messageVi: string;
  @ApiPropertyOptional({ example: '1.1.2' }) code?: string;
  @ApiPropertyOptional({ example: 'Điểm tối đa' }) field?: string;
  @ApiPropertyOptional({ description: 'Excel row (1-based).' }) row?: number;
  @ApiPropertyOptional({ description: 'YAML line (1-based).' }) line?: number;
}

export class CriteriaNodeView {
  @ApiProperty({ example: '1.1.2' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 2 }) maxPoints: number;
  @ApiPropertyOptional({ example: 'levels' }) ruleKind?: string;
  @ApiPropertyOptional({ example: 'chiDaoDieuHanh' }) contentArea?: string;
  @ApiPropertyOptional({
    example: 'Văn phòng HĐND và UBND',
    description:
      'The content area’s wording (the sheet’s own, else the named campaign’s routing, else the authority’s campaigns).',
  })
  contentAreaName?: string;
  @ApiPropertyOptional() row?: number;
  @ApiPropertyOptional() line?: number;
  @ApiProperty({ type: () => [CriteriaNodeView] }) children: CriteriaNodeView[];
}

export class CriteriaFieldTotalView {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() maxPoints: number;
  @ApiProperty() leaves: number;
}

export class CriteriaTotalsView {
  @ApiProperty({ type: [CriteriaFieldTotalView] }) fields: CriteriaFieldTotalView[];
  @ApiProperty({ description: 'Sum of the fields.' }) total: number;
  @ApiProperty({ description: 'The declared total (normally 100).' }) declared: number;
  @ApiProperty() leaves: number;
}

export class CriteriaSetSummaryView {
  @ApiProperty() key: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'A reconstructed sample, to be replaced by the official appendix.' }) sample: boolean;
  @ApiPropertyOptional() unitGroup?: string;
  @ApiPropertyOptional() notice?: string;
}

export class StoredCriteriaSetView {
  @ApiProperty() id: number;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'False when the newest version already had this exact definition.' }) created: boolean;
}

export class CriteriaImportView {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: 'No error: the set can be (or was) imported.' }) ok: boolean;
  @ApiProperty({ enum: ['xlsx', 'yaml'] }) format: 'xlsx' | 'yaml';
  @ApiPropertyOptional({ type: CriteriaSetSummaryView }) set?: CriteriaSetSummaryView;
  @ApiProperty({ type: [CriteriaNodeView] }) tree: CriteriaNodeView[];
  @ApiPropertyOptional({ type: CriteriaTotalsView }) totals?: CriteriaTotalsView;
  @ApiProperty({ type: [CriteriaProblemView], description: 'Sorted by row/line.' }) problems: CriteriaProblemView[];
  @ApiProperty({ description: 'The tree with totals as plain text (as `npm run criteria -- check` prints it).' })
  text: string;
  @ApiPropertyOptional({ type: StoredCriteriaSetView, description: 'Set when dryRun=false stored it.' })
  stored?: StoredCriteriaSetView;
}

export class CriteriaSetListItemView {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() version: number;
  @ApiProperty() title: string;
  @ApiProperty() unitGroup: string;
  @ApiProperty() maxPoints: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'Campaign units that use this version.' }) usedBy: number;
}
