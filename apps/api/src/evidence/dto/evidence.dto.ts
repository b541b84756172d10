import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { EvidenceRefView } from '../../sheets/dto/sheet.dto';

export class SignatureReportView {
  @ApiProperty() index: number;
  @ApiProperty({ nullable: true, type: String }) signerName: string | null;
  @ApiProperty({ nullable: true, type: String }) signerOrganisation: string | null;
  @ApiProperty({ nullable: true, type: String }) signingTime: string | null;
  @ApiProperty() byteRangeValid: boolean;
  @ApiProperty() coversWholeFile: boolean;
  @ApiProperty() digestMatches: boolean;
  @ApiProperty() signatureValid: boolean;
  @ApiProperty({ enum: ['trusted', 'untrusted', 'notEvaluated'] }) trust: string;
  @ApiProperty({ type: [String] }) problems: string[];
}

export class EvidenceView extends EvidenceRefView {
  @ApiProperty() sheetId: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ type: [SignatureReportView] }) signatures: SignatureReportView[];
  @ApiProperty({ type: [String], description: 'Active content found (JavaScript, Launch…), for the appraiser.' })
  riskFlags: string[];
  @ApiProperty({ description: 'The same file was already on this sheet: links were added to it.' })
  deduplicated: boolean;
}

/** The multipart form of an upload (for the OpenAPI document; the body is streamed, not bound). */
export class EvidenceUploadForm {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The PDF (max 20 MB by default).' })
  file: unknown;
  @ApiProperty({
    type: [String],
    example: ['1.1.1', '1.1.2'],
    description: 'Criterion codes (repeat the field, or comma-separated).',
  })
  criterionCodes: string[];
  @ApiProperty({ example: 'KH', description: 'Loại văn bản (QĐ, KH, BC, CV, TB…).' }) documentType: string;
  @ApiProperty({ example: '15/KH-UBND', description: 'Số, ký hiệu.' }) documentNumber: string;
  @ApiProperty({ example: '2023-01-15', description: 'Ngày ban hành (YYYY-MM-DD or DD/MM/YYYY).' }) issuedOn: string;
  @ApiProperty({ example: 'UBND thành phố Uông Bí', description: 'Cơ quan ban hành.' }) issuingBody: string;
  @ApiProperty({ example: 'Kế hoạch cải cách hành chính năm 2023', description: 'Trích yếu.' }) summary: string;
}

export class EvidenceLinkParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  id: number;

  @ApiProperty({ example: '1.1.1' })
  @Matches(/^[0-9A-Za-z][0-9A-Za-z.]{0,31}$/, { message: 'code must be a criterion code such as 1.1.2' })
  code: string;
}
