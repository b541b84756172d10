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
 */
export const AuditDownload = (action: Extract<SecurityAction, 'evidence.downloaded' | 'export.downloaded'>) =>
  applyDecorators(SetMetadata(DOWNLOAD_ACTION, action), UseInterceptors(AuditDownloadInterceptor));

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
          action,
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
