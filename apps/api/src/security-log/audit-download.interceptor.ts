import {
  Injectable,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, type Observable } from 'rxjs';
import { actorOf } from '../common/actor';
import type { AuthenticatedRequest } from '../common/session-user';
import { clientOf, type SecurityAction } from './security-events';
import { SecurityAudit } from './security-audit.service';

const DOWNLOAD_ACTION = 'security:download-action';

/**
 * Audits a download (who, which file, when, IP, user agent) once the handler has served it — a refused download
 * (404, 403) is not one, nor a 202 naming the report job that will build it. The path and its parameters say what was downloaded.
 * A handler that learns only while serving what the file is (a report job's file may be a ZIP of evidence) names
 * the action with {@link auditDownloadAs}.
 */
export const AuditDownload = (action: DownloadAction) =>
  applyDecorators(SetMetadata(DOWNLOAD_ACTION, action), UseInterceptors(AuditDownloadInterceptor));

type DownloadAction = Extract<SecurityAction, 'evidence.downloaded' | 'export.downloaded'>;
const CHOSEN_ACTION = Symbol('download-action');

/** Record this response's download under `action` instead of the one its route declares. */
export function auditDownloadAs(res: object, action: DownloadAction): void {
  (res as { [CHOSEN_ACTION]?: DownloadAction })[CHOSEN_ACTION] = action;
}

@Injectable()
export class AuditDownloadInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly security: SecurityAudit,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<SecurityAction>(DOWNLOAD_ACTION, context.getHandler());
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<{ statusCode: number }>();
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        // 202: the file is to be built by a report job; its download (report-jobs/{id}/file) is the one audited.
        if (res.statusCode === 202) {
          return value;
        }
        const user = req.user!; // downloads are never @Public
        await this.security.recordAlone({
          action: (res as { [CHOSEN_ACTION]?: DownloadAction })[CHOSEN_ACTION] ?? action,
          actor: actorOf(user, req),
          subjectUserId: user.id,
          client: clientOf(req),
          details: { path: req.path, ...req.params },
        });
        return value;
      }),
    );
  }
}
