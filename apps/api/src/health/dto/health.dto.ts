import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MailStatusView } from '../../notifications/dto/notifications.dto';

export class LivenessView {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

export class DependencyCheckView {
  @ApiProperty({ enum: ['mysql', 'redis'] }) name: 'mysql' | 'redis';
  @ApiProperty() ok: boolean;
  @ApiProperty() latencyMs: number;
  @ApiPropertyOptional({ description: 'Why the check failed.' }) error?: string;
}

export class ReadinessView {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: 'ok' | 'unavailable';
  @ApiProperty({ type: [String], example: ['redis'], description: 'The dependencies that do not answer.' })
  failing: string[];
  @ApiProperty({ type: [DependencyCheckView] }) checks: DependencyCheckView[];
  @ApiPropertyOptional({
    nullable: true,
    type: MailStatusView,
    description: 'Information only (readiness does not depend on it): SMTP state, mail queue depth, message counts.',
  })
  mail: MailStatusView | null;
}
