import { Card, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { Pending } from '../components/states';
import { useLang } from '../lib/i18n';

export default function PublicRankingsPage() {
  const { t } = useLang();
  return (
    <div style={{ maxWidth: 1100, margin: '0 auto', padding: 24 }}>
      <Card
        title={
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('Kết quả Chỉ số cải cách hành chính', 'PAR Index results')}
          </Typography.Title>
        }
        extra={<Link to="/login">{t('Đăng nhập', 'Sign in')}</Link>}
      >
        <Pending
          what={t(
            'Hai bảng xếp hạng đã công bố: cơ quan chuyên môn và UBND xã, phường.',
            'The two published ranking tables: agencies and communes/wards.',
          )}
          route="/api/public/rankings"
        />
      </Card>
    </div>
  );
}
