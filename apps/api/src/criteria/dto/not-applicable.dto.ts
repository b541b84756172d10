import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Min } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CampaignIdParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a whole number' })
  @Min(1)
  id: number;
}

export class CampaignUnitParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a whole number' })
  @Min(1)
  id: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'unitId must be a whole number' })
  @Min(1)
  unitId: number;
}

export class NotApplicableParams extends CampaignUnitParams {
  @ApiProperty({ example: '2.1.3' })
  @Matches(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/, { message: 'code must be a criterion code such as 2.1.3' })
  code: string;
}

export class NotApplicableDto {
  @ApiProperty({ example: 'Đơn vị không có nhiệm vụ này trong năm đánh giá.' })
  @IsString()
  @Transform(trim)
  @Length(3, 2000, { message: 'reason must be 3 to 2000 characters' })
  reason: string;
}

export class NotApplicableMarkView {
  @ApiProperty({ example: '2.1.3' }) code: string;
  @ApiProperty() reason: string;
  @ApiProperty() createdAt: string;
}

export class CampaignNotApplicableMarkView extends NotApplicableMarkView {
  @ApiProperty({ type: 'integer' }) unitId: number;
}
