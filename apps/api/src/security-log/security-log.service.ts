import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import type { SecurityEventPageView, SecurityEventsQuery, SecurityEventView } from './dto/security-log.dto';
import type { SecurityAction } from './security-events';
import { findSecurityEvents, type SecurityEventRow } from './security-log.queries';

function toView(row: SecurityEventRow): SecurityEventView {
  const { ip, userAgent, ...details } = JSON.parse(row.data) as Record<string, unknown>;
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action as SecurityAction,
    actor:
      row.actorUserId !== null && row.actorUsername !== null
        ? { id: row.actorUserId, username: row.actorUsername, fullName: row.actorName ?? '' }
        : null,
    subject: { id: row.subjectUserId, username: row.subjectUsername ?? '', fullName: row.subjectName ?? '' },
    ip: typeof ip === 'string' ? ip : null,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    details,
  };
}

/** The secretariat's reading of the security events of its own authority. */
@Injectable()
export class SecurityLogService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async list(admin: SessionUser, query: SecurityEventsQuery): Promise<SecurityEventPageView> {
    const { items, total } = await findSecurityEvents(this.ds.manager, {
      authorityId: admin.authorityId,
      userId: query.userId,
      action: query.action,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { items: items.map(toView), total, page: query.page, pageSize: query.pageSize };
  }
}
