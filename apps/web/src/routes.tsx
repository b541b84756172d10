/**
 * Every screen, who may open it, and where it sits in the menu. Each page is its own chunk (React.lazy), so
 * the first load carries only the shell; the layout shows a role only the entries it may use.
 */
import {
  AuditOutlined,
  BankOutlined,
  GlobalOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FormOutlined,
  InboxOutlined,
  MailOutlined,
  MessageOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  ApartmentOutlined,
  TableOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { WEB_ROUTES, type WebRouteName } from '@lib/web-routes';
import type { Role } from './auth';
import { loadInbox, loadSheet } from './home';

export interface AppRoute {
  /** The screen's name in the shared route table (@lib/web-routes), which the server's mail links use too. */
  name: AppScreen;
  path: string;
  /** Who may open it (the api checks again: a hidden menu entry is a convenience, not the guard). */
  roles: Role[];
  component: LazyExoticComponent<ComponentType>;
  /** In the side menu when set. */
  menu?: { vi: string; en: string; icon: ReactNode; group: MenuGroup };
}

/** The signed-in screens: every name of the route table but the three outside the layout. */
type AppScreen = Exclude<WebRouteName, 'login' | 'password' | 'invitation' | 'publicRankings'>;

const Dashboard = lazy(() => import('./pages/dashboard-page'));
const Campaigns = lazy(() => import('./pages/campaigns-page'));
const CampaignWizard = lazy(() => import('./pages/campaign-wizard'));
const CampaignDetail = lazy(() => import('./pages/campaign-detail-page'));
const Users = lazy(() => import('./pages/users-page'));
const Organisations = lazy(() => import('./pages/organisations-page'));
const Criteria = lazy(() => import('./pages/criteria-page'));
const CriteriaSetEdit = lazy(() => import('./pages/criteria-set-edit-page'));
const Sheet = lazy(loadSheet);
const Clarifications = lazy(() => import('./pages/clarifications-page'));
const Inbox = lazy(loadInbox);
const Task = lazy(() => import('./pages/task'));
const Consolidation = lazy(() => import('./pages/consolidation-page'));
const Reminders = lazy(() => import('./pages/reminders-page'));
const Council = lazy(() => import('./pages/council'));
const Publication = lazy(() => import('./pages/publication-page'));
const Authorities = lazy(() => import('./pages/authorities-page'));
const SecurityLog = lazy(() => import('./pages/security-log-page'));

export const ALL_ROLES: Role[] = [
  'admin',
  'unit_officer',
  'appraiser',
  'supervisor',
  'council_member',
  'leader',
  'viewer',
];

/**
 * Every signed-in screen, keyed by its name in the route table (in menu order): a name of the table without a
 * screen here, or a screen without a name there, does not compile — so a link the server mails always opens.
 */
const SCREENS: { [N in AppScreen]: Omit<AppRoute, 'name' | 'path'> } = {
  sheet: {
    roles: ['unit_officer'],
    component: Sheet,
    menu: { vi: 'Biểu tự chấm điểm', en: 'Self-assessment sheet', icon: <FormOutlined />, group: 'work' },
  },
  clarifications: {
    roles: ['unit_officer'],
    component: Clarifications,
    menu: { vi: 'Yêu cầu giải trình', en: 'Clarification requests', icon: <MessageOutlined />, group: 'work' },
  },
  inbox: {
    roles: ['appraiser', 'supervisor'],
    component: Inbox,
    menu: { vi: 'Hộp việc thẩm định', en: 'Appraisal inbox', icon: <InboxOutlined />, group: 'work' },
  },
  task: { roles: ['appraiser', 'supervisor'], component: Task },
  dashboard: {
    // Not appraisal supervisors: their view of progress is the inbox (the api's progress answers them 403).
    roles: ['admin', 'leader', 'viewer', 'council_member'],
    component: Dashboard,
    menu: { vi: 'Tổng quan tiến độ', en: 'Progress dashboard', icon: <BarChartOutlined />, group: 'leadership' },
  },
  publication: {
    roles: ['admin', 'leader'],
    component: Publication,
    menu: {
      vi: 'Phê duyệt và công bố',
      en: 'Approval and publication',
      icon: <NotificationOutlined />,
      group: 'leadership',
    },
  },
  campaigns: {
    roles: ['admin'],
    component: Campaigns,
    menu: { vi: 'Đợt đánh giá', en: 'Campaigns', icon: <CalendarOutlined />, group: 'secretariat' },
  },
  campaignNew: { roles: ['admin'], component: CampaignWizard },
  campaign: { roles: ['admin'], component: CampaignDetail },
  users: {
    roles: ['admin'],
    component: Users,
    menu: { vi: 'Người dùng', en: 'Users', icon: <TeamOutlined />, group: 'secretariat' },
  },
  organisations: {
    roles: ['admin'],
    component: Organisations,
    menu: { vi: 'Đơn vị và cơ quan', en: 'Organisations and units', icon: <BankOutlined />, group: 'secretariat' },
  },
  criteria: {
    roles: ['admin'],
    component: Criteria,
    menu: { vi: 'Bộ tiêu chí', en: 'Criteria sets', icon: <ApartmentOutlined />, group: 'secretariat' },
  },
  criteriaSet: { roles: ['admin'], component: CriteriaSetEdit },
  consolidation: {
    roles: ['admin', 'council_member', 'leader'],
    component: Consolidation,
    menu: { vi: 'Bảng tổng hợp', en: 'Consolidation', icon: <TableOutlined />, group: 'secretariat' },
  },
  reminders: {
    roles: ['admin'],
    component: Reminders,
    menu: { vi: 'Nhắc việc và thư lỗi', en: 'Reminders and failed mail', icon: <MailOutlined />, group: 'secretariat' },
  },
  council: {
    roles: ['admin', 'council_member'],
    component: Council,
    menu: { vi: 'Hội đồng thẩm định', en: 'Appraisal council', icon: <AuditOutlined />, group: 'secretariat' },
  },
  authorities: {
    roles: ['platform_admin'],
    component: Authorities,
    menu: { vi: 'Cơ quan triển khai', en: 'Authorities', icon: <GlobalOutlined />, group: 'platform' },
  },
  securityLog: {
    roles: ['admin'],
    component: SecurityLog,
    menu: { vi: 'Nhật ký bảo mật', en: 'Security log', icon: <SafetyCertificateOutlined />, group: 'secretariat' },
  },
};

export const APP_ROUTES: AppRoute[] = (Object.keys(SCREENS) as AppScreen[]).map((name) => ({
  name,
  path: WEB_ROUTES[name].path,
  ...SCREENS[name],
}));

export type MenuGroup = 'work' | 'secretariat' | 'leadership' | 'platform';

export const MENU_GROUPS: Record<MenuGroup, [string, string]> = {
  work: ['Công việc', 'Work'],
  secretariat: ['Thường trực', 'Secretariat'],
  leadership: ['Lãnh đạo', 'Leadership'],
  platform: ['Nền tảng', 'Platform'],
};
