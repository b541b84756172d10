/** A signature as the verifier reports it, for the OpenAPI document (the one type is @lib/pdf's report). */
import { ApiProperty } from '@nestjs/swagger';
import {
  SIGNATURE_PROBLEMS,
  type CertificateValidity,
  type PdfSignatureReport,
  type RevocationSource,
  type RevocationStatus,
  type SignatureProblem,
  type SignatureProblemCode,
  type SignatureStatus,
  type SignatureTrust,
  type SignerKind,
  type SignerKindBasis,
  type TimeSource,
  type TimestampInfo,
} from '@lib/pdf';

export class PublicKeyView {
  @ApiProperty({ example: 'RSA' }) algorithm: string;
  @ApiProperty({ nullable: true, type: Number }) bits: number | null;
  @ApiProperty({ description: 'RSA ≥ 2048 or ECDSA ≥ 256 bits.' }) strong: boolean;
}

export class TimestampView implements TimestampInfo {
  @ApiProperty({
    enum: ['valid', 'untrusted', 'invalid'],
    description: 'valid: its time is trusted; untrusted: the TSA is outside the anchors; invalid: it was altered.',
  })
  status: 'valid' | 'untrusted' | 'invalid';
  @ApiProperty({ nullable: true, type: String, description: 'genTime, ISO 8601.' }) time: string | null;
  @ApiProperty({ nullable: true, type: String }) tsaName: string | null;
}

export class SignatureProblemView implements SignatureProblem {
  @ApiProperty({ enum: Object.keys(SIGNATURE_PROBLEMS) }) code: SignatureProblemCode;
  @ApiProperty({ description: 'What the screen shows in Vietnamese.' }) vi: string;
  @ApiProperty({ description: 'English, with the technical detail (library messages) when there is one.' }) en: string;
}

/**
 * One signature as the verifier reports it. The class exists for the OpenAPI document; `implements` ties it
 * to the one report type, `PdfSignatureReport` of @lib/pdf, which is also what is stored and re-read.
 */
export class SignatureReportView implements PdfSignatureReport {
  @ApiProperty() index: number;
  @ApiProperty({ nullable: true, type: String }) signerName: string | null;
  @ApiProperty({ nullable: true, type: String }) signerOrganisation: string | null;
  @ApiProperty({
    enum: ['organisation', 'person'],
    nullable: true,
    description: "From the signer certificate: an agency's signature (Ký số cơ quan) or a person's (Ký số cá nhân).",
  })
  signerKind: SignerKind | null;
  @ApiProperty({
    enum: ['policy', 'personalIdentifier', 'organisationIdentifier', 'names'],
    nullable: true,
    description: 'The classification rule that decided: certificate policy, CMND/CCCD/HC, MST/MNS, or the names.',
  })
  signerKindBasis: SignerKindBasis | null;
  @ApiProperty({ nullable: true, type: String, description: 'ISO 8601, claimed by the signer.' })
  signingTime: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'SHA-256' }) digestAlgorithm: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'adbe.pkcs7.detached' }) subFilter: string | null;
  @ApiProperty({ type: [Number], minItems: 4, maxItems: 4 }) byteRange: [number, number, number, number];
  @ApiProperty() byteRangeValid: boolean;
  @ApiProperty() coversWholeFile: boolean;
  @ApiProperty() digestMatches: boolean;
  @ApiProperty() signatureValid: boolean;
  @ApiProperty({ enum: ['trusted', 'untrusted', 'notEvaluated'] }) trust: SignatureTrust;
  @ApiProperty({
    enum: ['valid', 'expired', 'notYetValid'],
    nullable: true,
    description: "The signer certificate's validity period at the signing time.",
  })
  certificateValidity: CertificateValidity | null;
  @ApiProperty({ type: PublicKeyView, nullable: true }) publicKey: PublicKeyView | null;
  @ApiProperty({
    enum: ['good', 'revoked', 'revokedAfterSigning', 'unknown', 'offline', 'notChecked'],
    description: 'Revocation of the signer certificate at the signing time (embedded DSS data, OCSP, then CRL).',
  })
  revocation: RevocationStatus;
  @ApiProperty({
    enum: ['embedded', 'ocsp', 'crl'],
    nullable: true,
    required: false,
    description: 'Which source answered the revocation check; null when none did (absent in older verdicts).',
  })
  revocationSource?: RevocationSource | null;
  @ApiProperty({
    enum: ['timestamp', 'claimed', 'none'],
    description: "The time the checks used: a verified RFC 3161 timestamp's, the signer's claim, or none.",
  })
  timeSource: TimeSource;
  @ApiProperty({
    nullable: true,
    required: false,
    type: String,
    description: 'ISO 8601: the timestamp time when one verified, else the claimed signing time (deadline rules).',
  })
  trustedTime?: string | null;
  @ApiProperty({ type: TimestampView, nullable: true, required: false })
  timestamp?: TimestampView | null;
  @ApiProperty({ required: false, description: 'A /DocTimeStamp: its signer is the time-stamping authority.' })
  documentTimestamp?: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When the verifier ran (the time of this verdict); null for verdicts stored before it was kept.',
  })
  checkedAt: string | null;
  @ApiProperty({
    enum: ['valid', 'invalid', 'indeterminate'],
    description: 'This signature alone; indeterminate: trust or revocation could not be established (a warning).',
  })
  status: SignatureStatus;
  @ApiProperty({ type: [String], description: 'The findings in English (log, English mode).' }) problems: string[];
  @ApiProperty({
    type: [SignatureProblemView],
    description: 'The same findings coded, with Vietnamese texts; empty for files verified before the codes existed.',
  })
  findings: SignatureProblemView[];
}
