import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { SignatureReportView } from '../../../sheets/dto/sheet.dto';

export class RecheckParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a whole number' })
  @Min(1)
  id: number;
}

export class RecheckRunView {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({
    enum: ['trustChanged', 'requested'],
    description: 'trustChanged: a process started under a new trust configuration; requested: the secretariat asked.',
  })
  cause: 'trustChanged' | 'requested';
  @ApiProperty({ description: 'Why it runs, in Vietnamese.' }) causeVi: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) state: 'queued' | 'running' | 'done' | 'failed';
  @ApiProperty({ type: 'integer', nullable: true, description: 'Documents to check; null until the run starts.' })
  total: number | null;
  @ApiProperty({ type: 'integer' }) done: number;
  @ApiProperty({ type: 'integer', description: 'Documents whose verdict changed.' }) changed: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) percent: number;
  @ApiProperty({ description: 'Where the run is, in Vietnamese.' }) messageVi: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'On failure: what to do, in Vietnamese.' })
  errorVi: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class RecheckAccepted {
  @ApiProperty({ type: RecheckRunView }) run: RecheckRunView;
  @ApiProperty({ description: 'False when a re-check of these documents was already queued or running: this is it.' })
  created: boolean;
}

export class StoredVerdictView {
  @ApiProperty({ enum: ['valid', 'modifiedAfterSigning', 'invalid', 'indeterminate', 'unsigned'] }) verdict: string;
  @ApiProperty({ format: 'date-time', description: 'When this verdict was computed.' }) checkedAt: string;
  @ApiProperty({
    enum: ['upload', 'trustChanged', 'requested', 'migrated'],
    description:
      'upload: checked when uploaded; trustChanged: re-checked after the trust configuration changed; requested: re-checked at the secretariat’s request; migrated: kept from before verdicts had keys.',
  })
  cause: 'upload' | 'trustChanged' | 'requested' | 'migrated';
  @ApiProperty({ description: 'The verdict the document shows now (the newest).' }) current: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Earliest verified signing time under this verdict.' })
  signedAt: string | null;
  @ApiProperty({ type: 'string', nullable: true }) verifierVersion: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Trust configuration fingerprint (sha256 of anchors, intermediates, revocation mode).',
  })
  trustFingerprint: string | null;
  @ApiProperty({ type: [SignatureReportView] }) signatures: SignatureReportView[];
}
