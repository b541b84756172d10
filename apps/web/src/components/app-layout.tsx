/**
 * The frame around every signed-in screen: the menu of what this role may do, the campaign, notifications,
 * language, account. Below 992 px (Ant Design's `lg`) the side menu becomes a drawer opened from the header, so
 * the content keeps the whole width of a phone.
 */
import { LogoutOutlined, MenuOutlined, ReloadOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Dropdown, Grid, Layout, Menu, Result, Select, Space, Tag, Typography } from 'antd';
import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call } from '../api/client';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, type Role } from '../auth';
import { CampaignProvider, useCampaign } from '../lib/campaign-context';
import { label, PHASE_LABELS, ROLE_LABELS, useLang } from '../lib/i18n';
import { APP_ROUTES, MENU_GROUPS } from '../routes';
import { useAsync } from '../lib/use-async';
import { NotificationBell } from './notification-bell';
import { IdleWarning } from './idle-warning';
import { SessionDialog } from './session-dialog';
import { PageSpinner } from './states';

const { Header, Sider, Content } = Layout;

export function RoleGate({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { hasRole } = useAuth();
  const { t } = useLang();
  if (!hasRole(...roles)) {
    return (
      <Result
        status="403"
        title={t('Không có quyền truy cập', 'Not allowed')}
        subTitle={t('Vai trò của bạn không sử dụng màn hình này.', 'Your role does not use this screen.')}
        extra={
          <Link to="/">
            <Button type="primary">{t('Về trang chính', 'Go to my work')}</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}

function CampaignPicker({ narrow }: { narrow: boolean }) {
  const { campaigns, current, select } = useCampaign();
  const { t, lang } = useLang();
  if (campaigns.error !== undefined && !campaigns.data) {
    // Where the picker goes: the list did not load. The screens say why (NoCampaign); this tries again from any.
    const label = t('Tải lại danh sách đợt', 'Load the campaigns again');
    return (
      <Button
        size="small"
        danger
        icon={<ReloadOutlined />}
        loading={campaigns.loading}
        onClick={campaigns.reload}
        aria-label={label}
        data-testid="campaigns-reload"
      >
        {narrow ? null : label}
      </Button>
    );
  }
  if (!campaigns.data || campaigns.data.length === 0) {
    return null;
  }
  return (
    <Space size={6} style={{ minWidth: 0 }}>
      <Select
        aria-label={t('Đợt đánh giá', 'Campaign')}
        size="small"
        style={narrow ? { width: '100%', maxWidth: 220 } : { width: 'clamp(200px, 28vw, 380px)' }}
        value={current?.id}
        onChange={select}
        options={campaigns.data.map((c) => ({ value: c.id, label: c.name }))}
      />
      {current && !narrow ? <Tag color="geekblue">{label(PHASE_LABELS, current.state, lang)}</Tag> : null}
    </Space>
  );
}

/** Open clarification requests of the unit: the badge on "Yêu cầu giải trình" (unit officers only). */
function useOpenClarifications(enabled: boolean): number {
  const list = useAsync(
    () => (enabled ? call(api.GET('/api/appraisal/clarifications')) : Promise.resolve([])),
    [enabled],
    { pollMs: 60_000 },
  );
  return (list.data ?? []).filter((k) => k.status === 'open').length;
}

export function AppLayout() {
  const { user, hasRole, logout } = useAuth();
  const { t, lang, setLang } = useLang();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  // Before the first measure `lg` is undefined: treat as wide, as the server-less first paint of a desktop.
  const narrow = screens.lg === false;
  const [drawer, setDrawer] = useState(false);
  const openClarifications = useOpenClarifications(hasRole('unit_officer'));
  useEffect(() => setDrawer(false), [location.pathname, location.search]);

  const items = useMemo(() => {
    const groups = (['work', 'secretariat', 'leadership', 'platform'] as const)
      .map((g) => ({
        g,
        children: APP_ROUTES.filter((r) => r.menu?.group === g && hasRole(...r.roles)).map((r) => ({
          key: r.path,
          icon: r.menu!.icon,
          label: (
            <Link to={r.path}>
              {lang === 'vi' ? r.menu!.vi : r.menu!.en}
              {r.path === '/clarifications' && openClarifications > 0 ? (
                <Badge
                  count={openClarifications}
                  size="small"
                  style={{ marginLeft: 8 }}
                  data-testid="clarification-badge"
                />
              ) : null}
            </Link>
          ),
        })),
      }))
      .filter((x) => x.children.length > 0);
    return groups.map((x) => ({
      type: 'group' as const,
      key: x.g,
      label: MENU_GROUPS[x.g][lang === 'vi' ? 0 : 1],
      children: x.children,
    }));
  }, [hasRole, lang, openClarifications]);

  const selected = APP_ROUTES.filter((r) => r.menu && location.pathname.startsWith(r.path))
    .map((r) => r.path)
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);

  const brand = (
    <div style={{ color: '#fff', padding: '16px 16px 8px', lineHeight: 1.25 }}>
      <div style={{ fontWeight: 700, fontSize: 16 }}>{t('Chỉ số CCHC', 'PAR Index')}</div>
      <div style={{ fontSize: 12, opacity: 0.7 }}>
        {t('Đánh giá cải cách hành chính', 'Administrative reform index')}
      </div>
    </div>
  );
  const menu = <Menu theme="dark" mode="inline" selectedKeys={selected} items={items} />;

  return (
    <CampaignProvider>
      <Layout style={{ minHeight: '100vh' }}>
        {narrow ? (
          <Drawer
            placement="left"
            open={drawer}
            onClose={() => setDrawer(false)}
            size={260}
            styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
          >
            {brand}
            {menu}
          </Drawer>
        ) : (
          <Sider width={232} theme="dark">
            {brand}
            {menu}
          </Sider>
        )}
        <Layout style={{ minWidth: 0 }}>
          <Header
            style={{
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'space-between',
              flexWrap: 'wrap',
              gap: narrow ? 6 : 12,
              height: 'auto',
              minHeight: 64,
              lineHeight: 'normal',
              padding: narrow ? '8px' : '8px 16px',
              borderBottom: '1px solid #f0f0f0',
            }}
          >
            {/* Wide: the group's basis is its content (flex-basis auto, not the 0 of `flex: 1`), so when the
                campaign, its phase and the account do not fit one line (1024 px with the side menu and a long name)
                the header wraps and the account group moves to a line of its own — with a basis of 0 nothing ever
                wrapped and the phase tag slid under the bell. A phone: the picker itself shrinks (no tag there).
                Either way the group may be narrower than its content (the instant before a resize re-renders), so
                nothing here can widen the page. */}
            <Space size={6} style={{ flex: narrow ? 1 : '1 1 auto', minWidth: 0 }}>
              {narrow ? (
                <Button
                  size="small"
                  icon={<MenuOutlined />}
                  onClick={() => setDrawer(true)}
                  aria-label={t('Mở menu', 'Open the menu')}
                  data-testid="menu-drawer-button"
                />
              ) : null}
              <CampaignPicker narrow={narrow} />
            </Space>
            {/* On a line of its own (wrapped), it stays at the right end. */}
            <Space size={narrow ? 4 : 8} style={{ marginInlineStart: 'auto' }}>
              <NotificationBell />
              <Button
                size="small"
                icon={<TranslationOutlined />}
                onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
                aria-label={t('EN — chuyển sang tiếng Anh', 'VI — switch to Vietnamese')}
              >
                {lang === 'vi' ? 'EN' : 'VI'}
              </Button>
              <Dropdown
                menu={{
                  items: [
                    {
                      key: 'password',
                      label: t('Đổi mật khẩu', 'Change password'),
                      onClick: () => void navigate('/password'),
                    },
                    {
                      key: 'logout',
                      icon: <LogoutOutlined />,
                      label: t('Đăng xuất', 'Sign out'),
                      onClick: () => {
                        void logout().then(() => navigate('/login'));
                      },
                    },
                  ],
                }}
              >
                <Button size="small" icon={<UserOutlined />} data-testid="account-menu">
                  {narrow ? null : (
                    <Typography.Text ellipsis style={{ maxWidth: 200 }}>
                      {user?.fullName}
                    </Typography.Text>
                  )}
                </Button>
              </Dropdown>
            </Space>
          </Header>
          <Content style={{ padding: narrow ? 8 : 16, minWidth: 0 }}>
            <div style={{ fontSize: 12, color: '#595959', marginBottom: 8 }}>
              {user?.roles.map((r) => label(ROLE_LABELS, r, lang)).join(' · ')}
            </div>
            <Suspense fallback={<PageSpinner />}>
              <Outlet />
            </Suspense>
            <SessionDialog />
            <IdleWarning />
          </Content>
        </Layout>
      </Layout>
    </CampaignProvider>
  );
}
