/**
 * Every screen, who may open it, and where it sits in the menu. Each page is its own chunk (React.lazy), so
 * the first load carries only the shell; the layout shows a role only the entries it may use.
 */
import {
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FormOutlined,
  InboxOutlined,
  MailOutlined,
  MessageOutlined,
  NotificationOutlined,
  ApartmentOutlined,
  TableOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Role } from './auth';

export interface AppRoute {
  path: string;
  /** Who may open it (the api checks again: a hidden menu entry is a convenience, not the guard). */
  roles: Role[];
  component: LazyExoticComponent<ComponentType>;
  /** In the side menu when set. */
  menu?: { vi: string; en: string; icon: ReactNode; group: 'work' | 'secretariat' | 'leadership' };
}

const Dashboard = lazy(() => import('./pages/dashboard-page'));
const Campaigns = lazy(() => import('./pages/campaigns-page'));
const CampaignDetail = lazy(() => import('./pages/campaign-detail-page'));
const Users = lazy(() => import('./pages/users-page'));
const Criteria = lazy(() => import('./pages/criteria-page'));
const Sheet = lazy(() => import('./pages/sheet-page'));
const Clarifications = lazy(() => import('./pages/clarifications-page'));
const Inbox = lazy(() => import('./pages/inbox-page'));
const Task = lazy(() => import('./pages/task-page'));
const Consolidation = lazy(() => import('./pages/consolidation-page'));
const Reminders = lazy(() => import('./pages/reminders-page'));
const Council = lazy(() => import('./pages/council-page'));
const Publication = lazy(() => import('./pages/publication-page'));

export const ALL_ROLES: Role[] = [
  'admin',
  'unit_officer',
  'appraiser',
  'supervisor',
  'council_member',
  'leader',
  'viewer',
];

export const APP_ROUTES: AppRoute[] = [
  {
    path: '/sheet',
    roles: ['unit_officer'],
    component: Sheet,
    menu: { vi: 'Biểu tự chấm điểm', en: 'Self-assessment sheet', icon: <FormOutlined />, group: 'work' },
  },
  {
    path: '/clarifications',
    roles: ['unit_officer'],
    component: Clarifications,
    menu: { vi: 'Yêu cầu giải trình', en: 'Clarification requests', icon: <MessageOutlined />, group: 'work' },
  },
  {
    path: '/inbox',
    roles: ['appraiser', 'supervisor'],
    component: Inbox,
    menu: { vi: 'Hộp việc thẩm định', en: 'Appraisal inbox', icon: <InboxOutlined />, group: 'work' },
  },
  { path: '/inbox/tasks/:id', roles: ['appraiser', 'supervisor'], component: Task },
  {
    path: '/dashboard',
    roles: ['admin', 'leader', 'supervisor', 'viewer', 'council_member'],
    component: Dashboard,
    menu: { vi: 'Tổng quan tiến độ', en: 'Progress dashboard', icon: <BarChartOutlined />, group: 'leadership' },
  },
  {
    path: '/publication',
    roles: ['admin', 'leader'],
    component: Publication,
    menu: {
      vi: 'Phê duyệt và công bố',
      en: 'Approval and publication',
      icon: <NotificationOutlined />,
      group: 'leadership',
    },
  },
  {
    path: '/campaigns',
    roles: ['admin'],
    component: Campaigns,
    menu: { vi: 'Đợt đánh giá', en: 'Campaigns', icon: <CalendarOutlined />, group: 'secretariat' },
  },
  { path: '/campaigns/:id', roles: ['admin'], component: CampaignDetail },
  {
    path: '/users',
    roles: ['admin'],
    component: Users,
    menu: { vi: 'Người dùng', en: 'Users', icon: <TeamOutlined />, group: 'secretariat' },
  },
  {
    path: '/criteria',
    roles: ['admin'],
    component: Criteria,
    menu: { vi: 'Bộ tiêu chí', en: 'Criteria sets', icon: <ApartmentOutlined />, group: 'secretariat' },
  },
  {
    path: '/consolidation',
    roles: ['admin', 'council_member', 'leader'],
    component: Consolidation,
    menu: { vi: 'Bảng tổng hợp', en: 'Consolidation', icon: <TableOutlined />, group: 'secretariat' },
  },
  {
    path: '/reminders',
    roles: ['admin'],
    component: Reminders,
    menu: { vi: 'Nhắc việc và thư lỗi', en: 'Reminders and failed mail', icon: <MailOutlined />, group: 'secretariat' },
  },
  {
    path: '/council',
    roles: ['admin', 'council_member'],
    component: Council,
    menu: { vi: 'Hội đồng thẩm định', en: 'Appraisal council', icon: <AuditOutlined />, group: 'secretariat' },
  },
];

/** Where a person lands after signing in: their main piece of work. */
export function homeFor(roles: Role[]): string {
  if (roles.includes('unit_officer')) {
    return '/sheet';
  }
  if (roles.includes('appraiser') || roles.includes('supervisor')) {
    return '/inbox';
  }
  if (roles.includes('admin')) {
    return '/campaigns';
  }
  if (roles.includes('council_member')) {
    return '/council';
  }
  return '/dashboard';
}

export const MENU_GROUPS: Record<'work' | 'secretariat' | 'leadership', [string, string]> = {
  work: ['Công việc', 'Work'],
  secretariat: ['Thường trực', 'Secretariat'],
  leadership: ['Lãnh đạo', 'Leadership'],
};
