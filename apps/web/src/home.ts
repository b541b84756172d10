/**
 * Where a person lands after signing in, and what to fetch while the sign-in form is filled. Apart from the route
 * table (routes.tsx: every screen, the menu icons) so the sign-in page carries none of it.
 */
import { WEB_ROUTES } from '@lib/web-routes';
import type { Role } from './auth';

export const loadSheet = () => import('./pages/sheet/sheet-page');
export const loadInbox = () => import('./pages/inbox-page');
/** Ant Design's theme and core around every screen but the sign-in page (themed.tsx). */
export const loadThemed = () => import('./themed');
/** The frame of every signed-in screen (layout, menu, route table), lazy since only the signed-in need it. */
export const loadSignedIn = () => import('./signed-in');

/** Where a person lands after signing in: their main piece of work. */
export function homeFor(roles: Role[]): string {
  if (roles.includes('unit_officer')) {
    return WEB_ROUTES.sheet.path;
  }
  if (roles.includes('appraiser') || roles.includes('supervisor')) {
    return WEB_ROUTES.inbox.path;
  }
  if (roles.includes('admin')) {
    return WEB_ROUTES.campaigns.path;
  }
  if (roles.includes('platform_admin')) {
    return WEB_ROUTES.authorities.path;
  }
  if (roles.includes('council_member')) {
    return WEB_ROUTES.council.path;
  }
  return WEB_ROUTES.dashboard.path;
}

/**
 * What the frame and the landing screen ask for first, started as soon as signing in succeeds (`warmGet`): the campaign
 * list (the frame's campaign picker), the notifications (the bell) and, for the inbox, the saved views.
 */
export function landingRequests(landing: string): string[] {
  const urls = ['/api/campaigns', '/api/notifications'];
  if (landing === WEB_ROUTES.inbox.path) {
    urls.push('/api/inbox/views');
  }
  return urls;
}

/**
 * Fetch Ant Design, the frame and the two screens most people land on (the inbox, the scoring sheet) while the sign-in form is
 * being filled: on a 1.6 Mbit/s office link their chunks otherwise start downloading only after "Đăng nhập".
 */
export function prefetchLandingScreens(): void {
  void loadThemed().catch(() => undefined);
  void loadSignedIn().catch(() => undefined);
  void loadInbox().catch(() => undefined);
  void loadSheet().catch(() => undefined);
}
