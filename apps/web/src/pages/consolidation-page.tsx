import { Card, Typography } from 'antd';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function ConsolidationPage() {
  const { t } = useLang();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Bảng tổng hợp', 'Consolidation')}
        </Typography.Title>
      }
    >
      <Pending
        what={t(
          'Bảng tổng hợp điểm tự chấm, thẩm định và chỉ số của các đơn vị theo nhóm.',
          'Self, appraised scores and indexes of every unit, by group.',
        )}
        route="/api/campaigns/{id}/consolidation"
      />
    </Card>
  );
}
