import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { LivenessView, ReadinessView } from './dto/health.dto';
import { HealthService, type ReadinessReport } from './health.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up (no dependency checked). */
  @Get('live')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LivenessView, description: 'The process is running.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** MySQL and Redis answer; 503 names the failing dependency. */
  @Get('ready')
  @ApiOkResponse({ type: ReadinessView, description: 'MySQL and Redis answer.' })
  @ApiServiceUnavailableResponse({
    type: ReadinessView,
    description: 'A dependency does not answer; the body names it.',
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessReport> {
    const report = await this.health.readiness();
    res.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
