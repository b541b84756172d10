import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { AuditLog, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { ClientInfo, SecurityAction } from './security-events';

export interface SecurityEvent {
  action: SecurityAction;
  actor: Actor;
  /** The user the event concerns (its audit stream); UNKNOWN_USER_ID for a name with no account. */
  subjectUserId: number;
  client: ClientInfo;
  /** What else to keep (never a secret: no password, token or typed username of an unknown account). */
  details?: Record<string, unknown>;
}

/** Security events through AuditLog.record: who, what, when (database clock), IP and user agent. */
@Injectable()
export class SecurityAudit {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** In the caller's transaction, with the write it audits. */
  async record(em: EntityManager, event: SecurityEvent): Promise<void> {
    await this.audit.record(em, event.actor, {
      action: event.action,
      entityType: 'user',
      entityId: event.subjectUserId,
      data: { ...event.details, ip: event.client.ip, userAgent: event.client.userAgent },
    });
  }

  /** In a transaction of its own: events with no write of their own (logins, downloads). */
  async recordAlone(event: SecurityEvent): Promise<void> {
    await this.ds.transaction((em) => this.record(em, event));
  }
}
