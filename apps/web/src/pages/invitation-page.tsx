import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { WEB_ROUTES } from '@lib/web-routes';
import { api, call } from '../api/client';
import { errorText, PageSpinner } from '../components/states';
import { useLang } from '../lib/i18n';

interface Invitee {
  username: string;
  fullName: string;
  expiresAt: string;
}

/**
 * The invitation mail's link (issue 15 item 6): the token is the fragment (never sent to a server with the page);
 * the page says whom the link is for, then sets the first password. A used, expired or replaced link shows the
 * api's Vietnamese sentence, which says to ask the secretariat for a new invitation.
 */
function InvitationPageScreen() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  // Read once: after the password is set the page navigates away, and the hash is gone by then.
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const complete = /^[A-Za-z0-9_-]{43}$/.test(token);
  const [invitee, setInvitee] = useState<Invitee>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (complete) {
      call(api.POST('/api/auth/invitations/check', { body: { token } })).then(setInvitee, setError);
    }
  }, [token, complete]);

  const onFinish = async (v: { password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await call(api.POST('/api/auth/invitations/accept', { body: { token, password: v.password } }));
      void message.success(t('Đã đặt mật khẩu. Mời anh/chị đăng nhập.', 'Password set. Please sign in.'));
      void navigate(WEB_ROUTES.login.path, { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (complete && !invitee && !error) {
    return <PageSpinner />;
  }
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <Typography.Title level={1}>{t('Đăng nhập lần đầu', 'First sign-in')}</Typography.Title>
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 16 }} /> : null}
        {complete ? null : (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={t(
              'Liên kết không đầy đủ. Hãy mở lại liên kết trong thư mời (sao chép cả dòng); nếu vẫn không được, hãy đề nghị bộ phận thường trực (văn phòng) gửi lại lời mời.',
              'The link is incomplete. Open the link in the invitation mail again (the whole line); if that fails, ask the secretariat to send the invitation again.',
            )}
          />
        )}
        {invitee ? (
          <>
            <Typography.Paragraph>
              {t('Tài khoản', 'Account')} <strong>{invitee.username}</strong> — {invitee.fullName}.{' '}
              {t('Đặt mật khẩu để bắt đầu làm việc.', 'Set a password to start.')}
            </Typography.Paragraph>
            <Form layout="vertical" onFinish={(v: { password: string }) => void onFinish(v)}>
              <Form.Item
                name="password"
                label={t('Mật khẩu (ít nhất 12 ký tự)', 'Password (12 characters or more)')}
                rules={[{ required: true, min: 12, message: t('Ít nhất 12 ký tự', 'At least 12 characters') }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} block>
                {t('Đặt mật khẩu', 'Set the password')}
              </Button>
            </Form>
          </>
        ) : (
          <Button block onClick={() => void navigate(WEB_ROUTES.login.path)}>
            {t('Về trang đăng nhập', 'Go to sign-in')}
          </Button>
        )}
      </Card>
    </div>
  );
}

/** Inside Ant Design's App (its toasts and dialogs), which the sign-in page does without. */
export default function InvitationPage() {
  return (
    <App>
      <InvitationPageScreen />
    </App>
  );
}
