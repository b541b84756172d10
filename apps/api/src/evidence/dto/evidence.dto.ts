import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Type } from 'class-transformer';
import { EvidenceRefView, SignatureReportView } from '../../sheets/dto/sheet.dto';

export { SignatureReportView };

export class EvidenceView extends EvidenceRefView {
  @ApiProperty() sheetId: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ type: [String], description: 'Active content found (JavaScript, Launch…), for the appraiser.' })
  riskFlags: string[];
  @ApiProperty({ description: 'The same file was already on this sheet: links were added to it.' })
  deduplicated: boolean;
}

/** The limits of the reference fields: the decorators below and the Vietnamese messages both read them. */
export const EVIDENCE_FIELD_LIMITS = {
  criterionCodes: 50,
  documentType: 64,
  documentNumber: 128,
  issuedOn: 10,
  issuingBody: 255,
  summary: 2000,
} as const;

const CODE = /^[0-9A-Za-z][0-9A-Za-z.]{0,31}$/;
const DATE = /^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})$/;

/**
 * The reference fields of an evidence upload (the multipart form minus the file). The body is streamed, not
 * bound by Nest, so the upload service validates the received fields against this class itself: what the
 * OpenAPI document says (maxLength, maxItems, pattern) is exactly what is enforced.
 */
export class EvidenceUploadFields {
  @ApiProperty({
    type: [String],
    example: ['1.1.1', '1.1.2'],
    minItems: 1,
    maxItems: EVIDENCE_FIELD_LIMITS.criterionCodes,
    description: 'Leaf criterion codes (repeat the field, or separate with commas).',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVIDENCE_FIELD_LIMITS.criterionCodes)
  @Matches(CODE, { each: true })
  criterionCodes: string[];

  @ApiProperty({
    example: 'KH',
    maxLength: EVIDENCE_FIELD_LIMITS.documentType,
    description: 'Loại văn bản (QĐ, KH, BC, CV, TB…).',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(EVIDENCE_FIELD_LIMITS.documentType)
  documentType: string;

  @ApiProperty({ example: '15/KH-UBND', maxLength: EVIDENCE_FIELD_LIMITS.documentNumber, description: 'Số, ký hiệu.' })
  @IsString()
  @MinLength(1)
  @MaxLength(EVIDENCE_FIELD_LIMITS.documentNumber)
  documentNumber: string;

  @ApiProperty({
    example: '2023-01-15',
    maxLength: EVIDENCE_FIELD_LIMITS.issuedOn,
    pattern: DATE.source,
    description: 'Ngày ban hành: YYYY-MM-DD or DD/MM/YYYY, a real calendar date.',
  })
  @IsString()
  @Matches(DATE)
  issuedOn: string;

  @ApiProperty({
    example: 'UBND thành phố Uông Bí',
    maxLength: EVIDENCE_FIELD_LIMITS.issuingBody,
    description: 'Cơ quan ban hành.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(EVIDENCE_FIELD_LIMITS.issuingBody)
  issuingBody: string;

  @ApiProperty({
    example: 'Kế hoạch cải cách hành chính năm 2023',
    maxLength: EVIDENCE_FIELD_LIMITS.summary,
    description: 'Trích yếu.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(EVIDENCE_FIELD_LIMITS.summary)
  summary: string;
}

/** The multipart form of an upload, for the OpenAPI document: the reference fields and the file. */
export class EvidenceUploadForm extends EvidenceUploadFields {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The PDF, at most UPLOAD_MAX_BYTES (default 20 MiB = 20,971,520 bytes; one byte more is refused with 413). Send it after the fields.',
  })
  file: unknown;
}

export class EvidenceLinkParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  id: number;

  @ApiProperty({ example: '1.1.1' })
  @Matches(CODE, { message: 'code must be a criterion code such as 1.1.2' })
  code: string;
}
