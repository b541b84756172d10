import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, theme } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth';
import { errorText } from '../components/page-spinner';
import { useLang } from '../lib/i18n';
import { homeFor, prefetchLandingScreens } from '../home';

export default function LoginPage() {
  const { login, user } = useAuth();
  const { t, lang, setLang } = useLang();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // After the form is on screen, so the prefetch does not compete with it for the link.
    const timer = setTimeout(prefetchLandingScreens, 300);
    return () => clearTimeout(timer);
  }, []);
  if (user) {
    return <Navigate to={homeFor(user.roles)} replace />;
  }
  const onFinish = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(values.username.trim(), values.password);
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(160deg,#fff1f0 0%,#f5f5f5 60%)',
      }}
    >
      {/* A card drawn by hand: Ant Design's Card brings its Tabs along (13 KB compressed before the form shows). */}
      <main
        style={{
          width: 380,
          maxWidth: 'calc(100vw - 32px)',
          boxSizing: 'border-box',
          padding: 24,
          background: token.colorBgContainer,
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG,
          fontFamily: token.fontFamily,
          color: token.colorText,
        }}
      >
        {/* Plain h1 and p: Typography (with its tooltip and editing machinery) is not needed to sign in. */}
        <h1 style={{ fontSize: token.fontSizeHeading1, fontWeight: 600, margin: 0, lineHeight: 1.4 }}>
          {t('Chỉ số CCHC', 'PAR Index')}
        </h1>
        <p style={{ color: token.colorTextDescription, margin: '8px 0 16px' }}>
          {t('Đăng nhập để tự đánh giá, thẩm định và theo dõi.', 'Sign in to self-assess, appraise and follow up.')}
        </p>
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 16 }} /> : null}
        <Form
          layout="vertical"
          onFinish={(v: { username: string; password: string }) => void onFinish(v)}
          requiredMark={false}
        >
          <Form.Item
            name="username"
            label={t('Tên đăng nhập', 'Username')}
            rules={[{ required: true, message: t('Nhập tên đăng nhập', 'Enter your username') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('Mật khẩu', 'Password')}
            rules={[{ required: true, message: t('Nhập mật khẩu', 'Enter your password') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('Đăng nhập', 'Sign in')}
          </Button>
        </Form>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 16 }}>
          <Link to="/public/rankings" style={{ color: token.colorLink, textDecoration: 'none' }}>
            {t('Kết quả công bố', 'Published results')}
          </Link>
          <Button type="link" size="small" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
            {lang === 'vi' ? 'English' : 'Tiếng Việt'}
          </Button>
        </div>
      </main>
    </div>
  );
}
