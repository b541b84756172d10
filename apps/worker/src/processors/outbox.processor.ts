import { Injectable } from '@nestjs/common';
import { JobHandler, OutboxRelay } from '@lib/workflow';

/** Thin: the relay logic lives in @lib/workflow. */
@Injectable()
export class OutboxProcessor {
  constructor(private readonly relay: OutboxRelay) {}

  @JobHandler('outbox.relay')
  async relayPending(): Promise<number> {
    return this.relay.relayPending();
  }
}
