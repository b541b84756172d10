/** The validation report's shape for the OpenAPI document; `implements` ties it to the one builder's type. */
import { ApiProperty } from '@nestjs/swagger';
import type { SignatureStatus } from '@lib/pdf';
import type { ValidationFieldKey, ValidationReport } from '../validation-report';

export class ValidationFieldView {
  @ApiProperty({
    enum: [
      'signer',
      'organisation',
      'signatureType',
      'signingTime',
      'trustChain',
      'revocation',
      'integrity',
      'conclusion',
    ],
  })
  key: ValidationFieldKey;
  @ApiProperty({ example: 'Người ký' }) label: string;
  @ApiProperty({ description: 'Vietnamese.' }) value: string;
}

export class ValidationSignatureView {
  @ApiProperty() index: number;
  @ApiProperty({ enum: ['valid', 'invalid', 'indeterminate'] }) status: SignatureStatus;
  @ApiProperty({ type: [ValidationFieldView], description: 'The eight fixed fields, always in this order.' })
  fields: ValidationFieldView[];
  @ApiProperty({ type: [String], description: "The verifier's findings, Vietnamese." }) findings: string[];
  @ApiProperty({ type: [String], description: 'PEM, the signer certificate first, as the signature carries them.' })
  certificates: string[];
}

export class ValidationReportView implements ValidationReport {
  @ApiProperty({ example: 'Báo cáo kiểm tra chữ ký số' }) title: string;
  @ApiProperty() evidenceId: number;
  @ApiProperty({ example: 'QĐ 15/QĐ-UBND' }) document: string;
  @ApiProperty() filename: string;
  @ApiProperty() sha256: string;
  @ApiProperty({ enum: ['valid', 'modifiedAfterSigning', 'invalid', 'indeterminate', 'unsigned'] }) verdict: string;
  @ApiProperty({ description: 'The verdict in Vietnamese.' }) conclusion: string;
  @ApiProperty({ description: 'When the verifier produced this verdict (ISO 8601).' }) verifiedAt: string;
  @ApiProperty({ example: '15/01/2025 09:30:00 (giờ Việt Nam)' }) verifiedAtText: string;
  @ApiProperty({ type: [ValidationSignatureView] }) signatures: ValidationSignatureView[];
}
