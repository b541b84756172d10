import { Card, Typography } from 'antd';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function CouncilPage() {
  const { t } = useLang();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Hội đồng thẩm định', 'Appraisal council')}
        </Typography.Title>
      }
    >
      <Pending
        what={t(
          'Phiên họp Hội đồng: điều chỉnh điểm kèm lý do, biên bản.',
          'The council session: score adjustments with reasons, minutes.',
        )}
        route="/api/campaigns/{id}/council"
      />
    </Card>
  );
}
