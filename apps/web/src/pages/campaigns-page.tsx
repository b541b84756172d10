/** Secretariat: the campaigns of the authority. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { webPath } from '@lib/web-routes';
import { SignatureRecheckCard } from '../components/signature-recheck';
import { EmptyState, ErrorState } from '../components/states';
import { useCampaign, type Campaign } from '../lib/campaign-context';
import { formatDeadline } from '../lib/format';
import { label, PHASE_LABELS, useLang } from '../lib/i18n';

export default function CampaignsPage() {
  const { campaigns } = useCampaign();
  const { t, lang } = useLang();

  const columns = [
    {
      title: t('Mã', 'Code'),
      dataIndex: 'code',
      key: 'code',
      render: (code: string, c: Campaign) => <Link to={`/campaigns/${c.id}`}>{code}</Link>,
    },
    { title: t('Tên đợt', 'Name'), dataIndex: 'name', key: 'name' },
    { title: t('Năm', 'Year'), dataIndex: 'year', key: 'year', width: 70 },
    {
      title: t('Giai đoạn', 'Phase'),
      dataIndex: 'state',
      key: 'state',
      render: (s: string) => <Tag color="geekblue">{label(PHASE_LABELS, s, lang)}</Tag>,
    },
    {
      title: t('Hạn tự đánh giá', 'Self-assessment due'),
      key: 'due',
      render: (_: unknown, c: Campaign) => formatDeadline(c.deadlines.find((d) => d.phase === 'selfAssessment')?.dueAt),
    },
    {
      title: '',
      key: 'open',
      width: 220,
      render: (_: unknown, c: Campaign) => (
        <Space wrap size={[12, 0]}>
          <Link to={`/campaigns/${c.id}`}>{t('Thiết lập', 'Set up')}</Link>
          {/* "Sao chép từ năm trước": the wizard opens prefilled from this campaign, a year later. */}
          <Link to={webPath('campaignNew', {}, { from: c.id })}>
            {t(`Sao chép sang năm ${c.year + 1}`, `Copy to ${c.year + 1}`)}
          </Link>
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={1} style={{ margin: 0 }}>
            {t('Đợt đánh giá', 'Campaigns')}
          </Typography.Title>
        }
        extra={
          <Link to={webPath('campaignNew', {})}>
            <Button type="primary" icon={<PlusOutlined />}>
              {t('Tạo đợt đánh giá', 'New campaign')}
            </Button>
          </Link>
        }
      >
        {campaigns.error ? <ErrorState error={campaigns.error} onRetry={campaigns.reload} /> : null}
        <Table<Campaign>
          rowKey="id"
          size="small"
          // A phone scrolls the table inside its card, never the page.
          scroll={{ x: 'max-content' }}
          loading={campaigns.loading}
          dataSource={campaigns.data ?? []}
          columns={columns}
          pagination={false}
          locale={{
            emptyText: <EmptyState title={t('Chưa có đợt đánh giá nào.', 'No campaign yet.')} />,
          }}
        />
      </Card>
      <SignatureRecheckCard />
    </Space>
  );
}
