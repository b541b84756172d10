import { Card, Typography } from 'antd';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function ClarificationsPage() {
  const { t } = useLang();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Yêu cầu giải trình', 'Clarification requests')}
        </Typography.Title>
      }
    >
      <Pending
        what={t(
          'Các yêu cầu giải trình của cơ quan thẩm định gửi đơn vị, kèm thời hạn trả lời.',
          'Clarification requests from appraisers, with their reply deadlines.',
        )}
        route="/api/clarifications"
      />
    </Card>
  );
}
