import { Card, Typography } from 'antd';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function DashboardPage() {
  const { t } = useLang();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Tổng quan tiến độ', 'Progress dashboard')}
        </Typography.Title>
      }
    >
      <Pending
        what={t(
          'Tiến độ theo giai đoạn, theo cơ quan thẩm định và nhóm đơn vị; danh sách quá hạn.',
          'Progress by phase, appraising organisation and unit group; overdue lists.',
        )}
        route="/api/campaigns/{id}/progress"
      />
    </Card>
  );
}
