import { Injectable } from '@nestjs/common';
import { JobHandler, type JobPayloads } from '@lib/workflow';
import { RoutingService, type RoutingOutcome } from '../routing/routing.service';

/** Thin: routing semantics (idempotence by UNIQUE(sheet, content area), candidates, conflicts) live in RoutingService. */
@Injectable()
export class RoutingProcessor {
  constructor(private readonly routing: RoutingService) {}

  @JobHandler('routing.sheetSubmitted')
  async sheetSubmitted(data: JobPayloads['routing.sheetSubmitted']): Promise<RoutingOutcome> {
    return this.routing.routeSheet(data.sheetId);
  }

  @JobHandler('routing.clarificationExpired')
  async clarificationExpired(data: JobPayloads['routing.clarificationExpired']): Promise<boolean> {
    return this.routing.expireClarification(data.taskId, data.round);
  }
}
