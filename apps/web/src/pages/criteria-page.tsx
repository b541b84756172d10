import { Card, Typography } from 'antd';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function CriteriaPage() {
  const { t } = useLang();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Bộ tiêu chí', 'Criteria sets')}
        </Typography.Title>
      }
    >
      <Pending
        what={t(
          'Nhập bộ tiêu chí từ tệp Excel với bản xem trước (chạy thử), rồi áp dụng cho nhóm đơn vị.',
          'Import a criteria set from Excel with a dry-run preview, then apply it to a unit group.',
        )}
        route="/api/admin/criteria-sets/import"
      />
    </Card>
  );
}
