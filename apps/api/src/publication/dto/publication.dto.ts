import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { CampaignParams, CouncilScoreChangeDto } from '../../consolidation/dto/consolidation.dto';
import { DATE_SCHEMA, IsCalendarDate } from '../../common/dates';

export class RevisionParams extends CampaignParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'revision must be a whole number' })
  @Min(1)
  revision: number;
}

export class PublicRankingParams {
  @ApiProperty({ example: 'uong-bi-2023' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'campaignCode must be a campaign code such as uong-bi-2023' })
  campaignCode: string;
}

export class PublicRankingQuery {
  @ApiPropertyOptional({ description: 'Authority code, when several authorities use the same campaign code.' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/)
  authority?: string;

  @ApiPropertyOptional({ description: 'A revision; default the newest.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  revision?: number;
}

export class DecisionDto {
  @ApiProperty({ example: '1234/QĐ-UBND' })
  @IsString()
  @Length(3, 64)
  decisionNumber: string;

  @ApiProperty({ ...DATE_SCHEMA, example: '2024-04-20' })
  @IsCalendarDate()
  decisionDate: string;

  @ApiProperty({ example: 'Nguyễn Văn B' })
  @IsString()
  @Length(2, 255)
  signerName: string;

  @ApiPropertyOptional({ example: 'CHỦ TỊCH' })
  @IsOptional()
  @IsString()
  @Length(0, 255)
  signerTitle?: string;
}

export class CorrectionChangeDto extends CouncilScoreChangeDto {}

export class CorrectionDto extends DecisionDto {
  @ApiProperty({ example: 'Đính chính sai sót nhập điểm tiêu chí 2.1.1 của phường Bắc Sơn' })
  @IsString()
  @Length(5, 2000, { message: 'reason is required (5 to 2000 characters)' })
  reason: string;

  @ApiPropertyOptional({
    type: [CorrectionChangeDto],
    description: 'Leaf corrections applied before freezing the new revision.',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => CorrectionChangeDto)
  @ArrayMaxSize(500)
  changes?: CorrectionChangeDto[];
}

export class PublishedFieldView {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() achievedMilli: number;
  @ApiProperty() maxMilli: number;
  @ApiProperty() indexHundredths: number;
}

export class PublishedRowView {
  @ApiProperty() position: number;
  @ApiProperty({ description: 'Ties share a rank; the next rank is skipped.' }) rank: number;
  @ApiProperty() tied: boolean;
  @ApiProperty() unitId: number;
  @ApiProperty() unitCode: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ description: 'hundredths of a percent' }) indexHundredths: number;
  @ApiProperty() achievedMilli: number;
  @ApiProperty() maxMilli: number;
  @ApiProperty({ nullable: true, type: String }) classKey: string | null;
  @ApiProperty({ nullable: true, type: String }) className: string | null;
  @ApiProperty({ type: [PublishedFieldView] }) fields: PublishedFieldView[];
  @ApiPropertyOptional({ description: 'Excluded by the secretariat with this reason: not ranked (rank 0).' })
  excludedReason?: string;
}

export class PublishedTableView {
  @ApiProperty() tableNo: number;
  @ApiProperty() group: string;
  @ApiProperty() groupName: string;
  @ApiProperty({ example: 'Bảng 1: Các cơ quan chuyên môn' }) title: string;
  @ApiProperty({ type: [PublishedRowView] }) rows: PublishedRowView[];
}

export class PublicationView {
  @ApiProperty() id: number;
  @ApiProperty() campaignId: number;
  @ApiProperty() campaignCode: string;
  @ApiProperty() campaignName: string;
  @ApiProperty() authorityCode: string;
  @ApiProperty() authorityName: string;
  @ApiProperty() year: number;
  @ApiProperty() revision: number;
  @ApiProperty({ description: 'True for the newest revision.' }) current: boolean;
  @ApiProperty() decisionNumber: string;
  @ApiProperty() decisionDate: string;
  @ApiProperty() signerName: string;
  @ApiProperty({ nullable: true, type: String }) signerTitle: string | null;
  @ApiProperty({ nullable: true, type: Number }) supersedesRevision: number | null;
  @ApiProperty({ nullable: true, type: String }) correctionReason: string | null;
  @ApiProperty() publishedAt: string;
  @ApiProperty({ description: 'sha256 of the frozen tables' }) snapshotHash: string;
  @ApiProperty({ type: [PublishedTableView] }) tables: PublishedTableView[];
}

export class PublicRankingListItem {
  @ApiProperty() authorityCode: string;
  @ApiProperty() authorityName: string;
  @ApiProperty() campaignCode: string;
  @ApiProperty() campaignName: string;
  @ApiProperty() year: number;
  @ApiProperty() revision: number;
  @ApiProperty() decisionNumber: string;
  @ApiProperty() decisionDate: string;
}

export class CampaignStateView {
  @ApiProperty() state: string;
}
