/** The frame around every signed-in screen: the menu of what this role may do, the campaign, language, account. */
import { LogoutOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Result, Select, Space, Tag, Typography } from 'antd';
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, type Role } from '../auth';
import { CampaignProvider, useCampaign } from '../lib/campaign-context';
import { label, PHASE_LABELS, ROLE_LABELS, useLang } from '../lib/i18n';
import { APP_ROUTES, MENU_GROUPS } from '../routes';
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

function CampaignPicker() {
  const { campaigns, current, select } = useCampaign();
  const { t, lang } = useLang();
  if (!campaigns.data || campaigns.data.length === 0) {
    return null;
  }
  return (
    <Space size={6} wrap>
      <Select
        aria-label={t('Đợt đánh giá', 'Campaign')}
        size="small"
        // Narrower on a phone, so the header wraps instead of pushing the page sideways.
        style={{ width: 'clamp(180px, 45vw, 380px)' }}
        value={current?.id}
        onChange={select}
        options={campaigns.data.map((c) => ({ value: c.id, label: c.name }))}
      />
      {current ? <Tag color="geekblue">{label(PHASE_LABELS, current.state, lang)}</Tag> : null}
    </Space>
  );
}

export function AppLayout() {
  const { user, hasRole, logout } = useAuth();
  const { t, lang, setLang } = useLang();
  const location = useLocation();
  const [narrow, setNarrow] = useState(false);
  const navigate = useNavigate();

  const items = useMemo(() => {
    const groups = (['work', 'secretariat', 'leadership'] as const)
      .map((g) => ({
        g,
        children: APP_ROUTES.filter((r) => r.menu?.group === g && hasRole(...r.roles)).map((r) => ({
          key: r.path,
          icon: r.menu!.icon,
          label: <Link to={r.path}>{lang === 'vi' ? r.menu!.vi : r.menu!.en}</Link>,
        })),
      }))
      .filter((x) => x.children.length > 0);
    return groups.map((x) => ({
      type: 'group' as const,
      key: x.g,
      label: MENU_GROUPS[x.g][lang === 'vi' ? 0 : 1],
      children: x.children,
    }));
  }, [hasRole, lang]);

  const selected = APP_ROUTES.filter((r) => r.menu && location.pathname.startsWith(r.path))
    .map((r) => r.path)
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);

  return (
    <CampaignProvider>
      <Layout style={{ minHeight: '100vh' }}>
        <Sider width={232} breakpoint="lg" collapsedWidth={64} theme="dark" onBreakpoint={setNarrow}>
          {/* Collapsed to its icons below the breakpoint: the title would not fit in 64 px. */}
          {narrow ? null : (
            <div style={{ color: '#fff', padding: '16px 16px 8px', lineHeight: 1.25 }}>
              <div style={{ fontWeight: 700, fontSize: 16 }}>{t('Chỉ số CCHC', 'PAR Index')}</div>
              <div style={{ fontSize: 12, opacity: 0.7 }}>
                {t('Đánh giá cải cách hành chính', 'Administrative reform index')}
              </div>
            </div>
          )}
          <Menu theme="dark" mode="inline" selectedKeys={selected} items={items} />
        </Sider>
        <Layout style={{ minWidth: 0 }}>
          <Header
            style={{
              display: 'flex',
              flexWrap: 'wrap',
              alignItems: 'center',
              justifyContent: 'space-between',
              gap: 8,
              height: 'auto',
              minHeight: 64,
              lineHeight: 'normal',
              padding: '8px 16px',
              borderBottom: '1px solid #f0f0f0',
            }}
          >
            <CampaignPicker />
            <Space size={8}>
              <Button
                size="small"
                icon={<TranslationOutlined />}
                onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
                aria-label={t('Chuyển sang tiếng Anh', 'Switch to Vietnamese')}
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
                  <Typography.Text ellipsis style={{ maxWidth: 'min(200px, 35vw)' }}>
                    {user?.fullName}
                  </Typography.Text>
                </Button>
              </Dropdown>
            </Space>
          </Header>
          <Content style={{ padding: 16, minWidth: 0 }}>
            <div style={{ fontSize: 12, color: '#8c8c8c', marginBottom: 8 }}>
              {user?.roles.map((r) => label(ROLE_LABELS, r, lang)).join(' · ')}
            </div>
            <Suspense fallback={<PageSpinner />}>
              <Outlet />
            </Suspense>
          </Content>
        </Layout>
      </Layout>
    </CampaignProvider>
  );
}
