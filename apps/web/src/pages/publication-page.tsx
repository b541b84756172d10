import { Card, Typography } from 'antd';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function PublicationPage() {
  const { t } = useLang();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Phê duyệt và công bố', 'Approval and publication')}
        </Typography.Title>
      }
    >
      <Pending
        what={t(
          'Quyết định công bố với hai bảng xếp hạng: cơ quan chuyên môn và UBND cấp xã.',
          'The publication decision with two ranking tables: agencies and communes.',
        )}
        route="/api/campaigns/{id}/publication"
      />
    </Card>
  );
}
