/**
 * The mail system at a glance for the secretariat: does the SMTP server answer, how much waits in the queue, how
 * much is being retried or has failed. Refreshed every 30 s; information only (mail waits while SMTP is down).
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Tag, Tooltip, Typography } from 'antd';
import { api, call } from '../api/client';
import { formatDateTime } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

export function MailStatusCard() {
  const { t } = useLang();
  const status = useAsync(() => call(api.GET('/api/admin/mail/status')), [], { pollMs: 30_000 });
  const s = status.data;
  if (!s) {
    return null;
  }
  const down = s.smtp.state === 'down';
  const { pending, retrying, failed, lastSentAt } = s.messages;
  return (
    <Alert
      type={down ? 'warning' : failed > 0 ? 'info' : 'success'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="mail-status"
      title={
        <Space wrap size={[8, 4]}>
          <Tooltip title={down ? s.smtp.error : undefined}>
            <Tag color={down ? 'red' : 'green'}>
              {down
                ? t('Máy chủ thư không phản hồi', 'Mail server not answering')
                : t('Máy chủ thư hoạt động', 'Mail server answers')}
            </Tag>
          </Tooltip>
          <span>
            {t('Chờ gửi', 'Waiting')}: <b>{pending}</b>
          </span>
          <span>
            {t('Đang thử lại', 'Retrying')}: <b>{retrying}</b>
          </span>
          <span>
            {t('Gửi lỗi', 'Failed')}: <b>{failed}</b>
          </span>
          <span>
            {t('Hàng đợi', 'Queue')}:{' '}
            {s.queue ? (
              <b>{s.queue.waiting + s.queue.active + s.queue.delayed}</b>
            ) : (
              <Tag color="orange">{t('không đọc được (Redis)', 'unreadable (Redis)')}</Tag>
            )}
          </span>
          <Button
            size="small"
            type="text"
            icon={<ReloadOutlined />}
            onClick={status.reload}
            aria-label={t('Làm mới', 'Refresh')}
          />
        </Space>
      }
      description={
        <Typography.Text type="secondary">
          {down
            ? t(
                'Thư chưa gửi được vẫn được giữ lại và tự gửi lại định kỳ; nếu quá lâu vẫn không gửi được, thư chuyển sang mục “Thư gửi lỗi” để gửi lại.',
                'Unsent mail is kept and retried periodically; mail that still cannot go after a long time moves to “Failed mail” for a resend.',
              )
            : lastSentAt
              ? t(
                  `Thư gửi thành công gần nhất: ${formatDateTime(lastSentAt)}.`,
                  `Last delivered: ${formatDateTime(lastSentAt)}.`,
                )
              : t('Chưa có thư nào được gửi.', 'No mail delivered yet.')}
        </Typography.Text>
      }
    />
  );
}
