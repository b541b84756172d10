import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { JOB_KINDS, REPORT_KINDS, type JobKind, type ReportKind } from '../report-kinds';

export class ReportJobParams {
  @ApiProperty({ type: 'integer', minimum: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a whole number' })
  @Min(1)
  id: number;
}

export class ReportJobRequestDto {
  @ApiProperty({ enum: REPORT_KINDS, description: 'Which file to build.' })
  @IsIn(REPORT_KINDS, { message: `kind must be one of ${REPORT_KINDS.join(', ')}` })
  kind: ReportKind;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'The publication revision (rankings and appendix files).',
  })
  @IsOptional()
  @IsInt({ message: 'revision must be a whole number' })
  @Min(1)
  revision?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description:
      'What the file is about: the unit (unit-result-xlsx), the score sheet (evidence-zip), the council session (minutes-docx).',
  })
  @IsOptional()
  @IsInt({ message: 'subjectId must be a whole number' })
  @Min(1)
  subjectId?: number;
}

export class ReportJobView {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer' }) campaignId: number;
  @ApiProperty({
    enum: JOB_KINDS,
    description:
      'A file to build, publication/correction (a revision to freeze: no file; done once frozen), or consolidation (a large campaign’s consolidated table for GET …/consolidation).',
  })
  kind: JobKind;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The publication revision the file is of, or that a publication/correction job freezes.',
  })
  revision: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The unit, sheet or council session of the file.' })
  subjectId: number | null;
  @ApiProperty({ description: 'What the file is, in Vietnamese.' }) labelVi: string;
  @ApiProperty({
    enum: ['queued', 'running', 'done', 'failed', 'expired'],
    description: 'expired: done, and its file removed after REPORT_RETENTION_DAYS (ask again for a new one).',
  })
  state: 'queued' | 'running' | 'done' | 'failed' | 'expired';
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'For a job that counts its work (files zipped): how many are done of totalCount.',
  })
  doneCount: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) totalCount: number | null;
  @ApiProperty({ description: 'Where the job is, in Vietnamese.' }) messageVi: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'On failure: what happened and what to do, in Vietnamese.',
  })
  errorVi: string | null;
  @ApiProperty({ type: 'string', nullable: true }) fileName: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) sizeBytes: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Set once the file is ready.' })
  downloadUrl: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class ReportJobAccepted {
  @ApiProperty({ type: ReportJobView }) job: ReportJobView;
  @ApiProperty({ description: 'False when the same file was already being built: this is that job.' })
  created: boolean;
}
