import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { api, call } from '../api/client';
import { useAuth } from '../auth';
import { errorText, PageSpinner } from '../components/states';
import { useLang } from '../lib/i18n';

function PasswordPageScreen() {
  const { user, checking, mustChangePassword, refresh } = useAuth();
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (checking) {
    return <PageSpinner />;
  }
  if (!user) {
    return <Navigate to="/login" replace />;
  }
  const onFinish = async (v: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await call(api.POST('/api/auth/password', { body: v }));
      await refresh();
      void message.success(t('Đã đổi mật khẩu.', 'Password changed.'));
      void navigate('/', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={1}>{t('Đổi mật khẩu', 'Change password')}</Typography.Title>
        {mustChangePassword ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t(
              'Mật khẩu được cấp phải đổi trước khi làm việc.',
              'A generated password must be changed before you start.',
            )}
          />
        ) : null}
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 16 }} /> : null}
        <Form layout="vertical" onFinish={(v: { currentPassword: string; newPassword: string }) => void onFinish(v)}>
          <Form.Item
            name="currentPassword"
            label={t('Mật khẩu hiện tại', 'Current password')}
            rules={[{ required: true }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('Mật khẩu mới (ít nhất 12 ký tự)', 'New password (12 characters or more)')}
            rules={[{ required: true, min: 12, message: t('Ít nhất 12 ký tự', 'At least 12 characters') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block>
            {t('Lưu mật khẩu mới', 'Save the new password')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

/** Inside Ant Design's App (its toasts and dialogs), which the sign-in page does without. */
export default function PasswordPage() {
  return (
    <App>
      <PasswordPageScreen />
    </App>
  );
}
