/** Unit-group names on the wire (GET/PUT /api/admin/unit-groups). */
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class UnitGroupView {
  @ApiProperty({ example: 'xa-phuong' }) key: string;
  @ApiProperty({
    example: 'Xã, phường và đặc khu',
    nullable: true,
    type: String,
    description: 'The name the authority gave, else the national name of agency/commune; null: nobody named it.',
  })
  name: string | null;
  @ApiProperty({ description: 'False while the name is only the national default (or there is none).' })
  named: boolean;
  @ApiProperty({ description: 'Units of the authority in the group.' }) units: number;
}

export class NameUnitGroupDto {
  @ApiProperty({ example: 'xa-phuong' })
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'key must be a group key such as xa-phuong' })
  key: string;
  @ApiProperty({ example: 'Xã, phường và đặc khu' }) @IsString() @Length(1, 255) name: string;
}
