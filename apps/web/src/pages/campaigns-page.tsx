/** Secretariat: the campaigns of the authority, and a new one from a plan in config/ (optionally with shifted dates). */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import { EmptyState, ErrorState, errorText } from '../components/states';
import { useCampaign, type Campaign } from '../lib/campaign-context';
import { formatDeadline } from '../lib/format';
import { label, PHASE_LABELS, useLang } from '../lib/i18n';

interface CreateForm {
  plan: string;
  code?: string;
  name?: string;
  selfAssessmentDueAt?: Dayjs;
  open: boolean;
}

export default function CampaignsPage() {
  const { campaigns, select } = useCampaign();
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<CreateForm>();

  const submit = async (v: CreateForm) => {
    setBusy(true);
    setError(undefined);
    try {
      // A date picked in the form is a day in Asia/Ho_Chi_Minh; the deadline is 00:00 of the following day (exclusive).
      const due = v.selfAssessmentDueAt
        ? `${v.selfAssessmentDueAt.add(1, 'day').format('YYYY-MM-DD')}T00:00:00+07:00`
        : undefined;
      const created = await call(
        api.POST('/api/admin/campaigns', {
          body: {
            plan: v.plan,
            code: v.code || undefined,
            name: v.name || undefined,
            selfAssessmentDueAt: due,
            open: v.open,
          },
        }),
      );
      void message.success(
        t(
          `Đã tạo đợt đánh giá với ${created.sheets} biểu tự chấm.`,
          `Campaign created with ${created.sheets} score sheets.`,
        ),
      );
      setCreating(false);
      form.resetFields();
      campaigns.reload();
      select(created.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

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
      width: 110,
      render: (_: unknown, c: Campaign) => <Link to={`/campaigns/${c.id}`}>{t('Thiết lập', 'Set up')}</Link>,
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('Đợt đánh giá', 'Campaigns')}
          </Typography.Title>
        }
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('Tạo đợt từ kế hoạch', 'New campaign from a plan')}
          </Button>
        }
      >
        {campaigns.error ? <ErrorState error={campaigns.error} onRetry={campaigns.reload} /> : null}
        <Table<Campaign>
          rowKey="id"
          size="small"
          loading={campaigns.loading}
          dataSource={campaigns.data ?? []}
          columns={columns}
          pagination={false}
          locale={{
            emptyText: (
              <EmptyState
                title={t(
                  'Chưa có đợt đánh giá nào. Tạo một đợt từ kế hoạch.',
                  'No campaign yet. Create one from a plan.',
                )}
              />
            ),
          }}
        />
      </Card>
      <Modal
        open={creating}
        title={t('Tạo đợt đánh giá từ kế hoạch', 'New campaign from a plan')}
        okText={t('Tạo đợt', 'Create')}
        cancelText={t('Hủy', 'Cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 12 }} /> : null}
        <Form<CreateForm>
          form={form}
          layout="vertical"
          initialValues={{ plan: 'uong-bi-2023', open: true }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            name="plan"
            label={t('Kế hoạch (config/data/campaigns)', 'Plan (config/data/campaigns)')}
            rules={[{ required: true }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="code" label={t('Mã đợt (mặc định: mã kế hoạch)', 'Campaign code (default: the plan key)')}>
            <Input placeholder="uong-bi-2023" />
          </Form.Item>
          <Form.Item name="name" label={t('Tên đợt', 'Name')}>
            <Input />
          </Form.Item>
          <Form.Item
            name="selfAssessmentDueAt"
            label={t(
              'Ngày cuối nhận tự đánh giá (dời mọi thời hạn theo)',
              'Last day of self-assessment (moves every deadline)',
            )}
          >
            <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="open"
            label={t('Mở giai đoạn tự đánh giá ngay', 'Open self-assessment at once')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
