/**
 * Sign in again without leaving the screen: opened when the api answers 401 under a signed-in person (idle
 * timeout, a logout in another tab). What the person typed stays on the screen (and in the browser) and is saved
 * once signed in; a wrong password keeps the dialog open with the error.
 */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth';
import { useLang } from '../lib/i18n';
import { errorText } from './states';

export function SessionDialog() {
  const { user, expired, login } = useAuth();
  const { t, lang } = useLang();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ username: string; password: string }>();

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(v.username.trim(), v.password);
      form.resetFields(['password']);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={expired}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      title={t('Phiên làm việc đã kết thúc', 'Your session has ended')}
      footer={null}
      destroyOnHidden
    >
      <div data-testid="session-dialog">
        <Typography.Paragraph>
          {t(
            'Vui lòng đăng nhập lại để tiếp tục. Những gì bạn đang nhập vẫn được giữ trên màn hình và sẽ được lưu ngay sau khi đăng nhập.',
            'Please sign in again to continue. What you were typing stays on the screen and is saved as soon as you are signed in.',
          )}
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ username: user?.username ?? '' }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="username" label={t('Tên đăng nhập', 'Username')} rules={[{ required: true }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('Mật khẩu', 'Password')} rules={[{ required: true }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
          </Form.Item>
          {error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorText(error, lang)} /> : null}
          <Button type="primary" htmlType="submit" loading={busy} block>
            {t('Đăng nhập và tiếp tục', 'Sign in and continue')}
          </Button>
        </Form>
      </div>
    </Modal>
  );
}
