import { Card, Typography } from 'antd';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function InboxPage() {
  const { t } = useLang();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Hộp việc thẩm định', 'Appraisal inbox')}
        </Typography.Title>
      }
    >
      <Pending
        what={t(
          'Các nhiệm vụ thẩm định theo lĩnh vực của cơ quan bạn: nhận việc, chấm điểm, yêu cầu giải trình.',
          'Appraisal tasks of your agency: claim, score, request clarification.',
        )}
        route="/api/inbox/tasks"
      />
    </Card>
  );
}
