import { Card, Typography } from 'antd';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function SheetPage() {
  const { t } = useLang();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Biểu tự chấm điểm', 'Self-assessment sheet')}
        </Typography.Title>
      }
    >
      <Pending
        what={t(
          'Biểu tự chấm điểm của đơn vị theo cây tiêu chí: điểm tối đa, điểm tự chấm, tài liệu kiểm chứng, giải trình.',
          'Your unit score sheet as a criteria tree: max points, self score, evidence, explanation.',
        )}
        route="/api/sheets"
      />
    </Card>
  );
}
