import { Card, Typography } from 'antd';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function TaskPage() {
  const { t } = useLang();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Nhiệm vụ thẩm định', 'Appraisal task')}
        </Typography.Title>
      }
    >
      <Pending
        what={t(
          'Từng tiêu chí với điểm tự chấm, tài liệu kiểm chứng, điểm thẩm định và nhận xét.',
          'Each criterion with its self score, evidence, appraised score and comment.',
        )}
        route="/api/inbox/tasks/{id}"
      />
    </Card>
  );
}
