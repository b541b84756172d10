import { Card, Typography } from 'antd';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function RemindersPage() {
  const { t } = useLang();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Nhắc việc và thư lỗi', 'Reminders and failed mail')}
        </Typography.Title>
      }
    >
      <Pending
        what={t(
          'Nhật ký thư nhắc việc đã gửi và các thư gửi lỗi để gửi lại.',
          'The log of reminder mails sent and the failed ones to resend.',
        )}
        route="/api/admin/notifications"
      />
    </Card>
  );
}
