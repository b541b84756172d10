/** Secretariat: the reminder log (who was reminded of what, when) and the mails that failed, with a resend. */
import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { api, call, type Schemas } from '../api/client';
import { EmptyState, ErrorState, errorText } from '../components/states';
import { useCampaign } from '../lib/campaign-context';
import { formatDate, formatDateTime } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type Reminder = Schemas['ReminderLogView'];
type Mail = Schemas['MailMessageView'];

const MAIL_COLORS: Record<string, string> = { pending: 'default', sending: 'processing', sent: 'green', failed: 'red' };
const KIND: Record<string, [string, string]> = {
  reminder: ['Nhắc hạn', 'Reminder'],
  overdue: ['Quá hạn', 'Overdue'],
  escalation: ['Báo cáo lãnh đạo', 'Escalation'],
};
const SUBJECT: Record<string, [string, string]> = {
  scoreSheet: ['Biểu tự chấm', 'Score sheet'],
  appraisalTask: ['Nhiệm vụ thẩm định', 'Appraisal task'],
  clarification: ['Giải trình', 'Clarification'],
};

export default function RemindersPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const { current } = useCampaign();
  const id = current?.id;
  const reminders = useAsync(
    () =>
      id
        ? call(
            api.GET('/api/admin/campaigns/{id}/reminders', {
              params: { path: { id }, query: { limit: 500 } },
            }),
          )
        : Promise.resolve([] as Reminder[]),
    [id],
  );
  const failed = useAsync(
    () => call(api.GET('/api/admin/mail', { params: { query: { status: 'failed', campaignId: id, limit: 200 } } })),
    [id],
  );
  const l = (m: Record<string, [string, string]>, k: string) => m[k]?.[lang === 'vi' ? 0 : 1] ?? k;

  const resend = async (m: Mail) => {
    try {
      await call(api.POST('/api/admin/mail/{id}/resend', { params: { path: { id: m.id } } }));
      void message.success(t('Đã đưa thư vào hàng gửi lại.', 'Queued for resending.'));
      failed.reload();
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Nhắc việc và thư lỗi', 'Reminders and failed mail')}
        </Typography.Title>
      }
    >
      <Tabs
        items={[
          {
            key: 'log',
            label: `${t('Nhật ký nhắc việc', 'Reminder log')} (${reminders.data?.length ?? 0})`,
            children: (
              <>
                {reminders.error ? <ErrorState error={reminders.error} onRetry={reminders.reload} /> : null}
                <Table<Reminder>
                  rowKey="id"
                  size="small"
                  loading={reminders.loading && !reminders.data}
                  dataSource={reminders.data ?? []}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{
                    emptyText: (
                      <EmptyState
                        title={t(
                          'Chưa gửi nhắc việc nào. Thư nhắc gửi trước hạn 7, 3, 1 ngày và khi quá hạn.',
                          'No reminder yet. They go out 7, 3 and 1 days before a deadline and when overdue.',
                        )}
                      />
                    ),
                  }}
                  columns={[
                    {
                      title: t('Ngày', 'Day'),
                      dataIndex: 'localDay',
                      width: 100,
                      render: (d: string) => formatDate(d),
                    },
                    {
                      title: t('Người nhận', 'Recipient'),
                      dataIndex: 'recipientName',
                      render: (n: string, r) => <Tooltip title={r.recipientEmail}>{n}</Tooltip>,
                    },
                    { title: t('Loại', 'Kind'), dataIndex: 'kind', width: 130, render: (k: string) => l(KIND, k) },
                    {
                      title: t('Về việc', 'About'),
                      dataIndex: 'subjectType',
                      width: 150,
                      render: (s: string) => l(SUBJECT, s),
                    },
                    {
                      title: t('Hạn', 'Due'),
                      dataIndex: 'dueAt',
                      width: 100,
                      render: (d: string) => formatDate(new Date(Date.parse(d) - 1)),
                    },
                    {
                      title: t('Thư', 'Mail'),
                      dataIndex: 'mailStatus',
                      width: 100,
                      render: (s: string | null) => (s ? <Tag color={MAIL_COLORS[s]}>{s}</Tag> : '—'),
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'failed',
            label: (
              <span>
                {t('Thư gửi lỗi', 'Failed mail')}{' '}
                {failed.data?.length ? <Tag color="red">{failed.data.length}</Tag> : null}
              </span>
            ),
            children: (
              <>
                {failed.error ? <ErrorState error={failed.error} onRetry={failed.reload} /> : null}
                <Table<Mail>
                  rowKey="id"
                  size="small"
                  loading={failed.loading && !failed.data}
                  dataSource={failed.data ?? []}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{ emptyText: <EmptyState title={t('Không có thư gửi lỗi.', 'No failed mail.')} /> }}
                  columns={[
                    { title: t('Người nhận', 'To'), dataIndex: 'toAddress' },
                    { title: t('Tiêu đề', 'Subject'), dataIndex: 'subject' },
                    { title: t('Số lần thử', 'Attempts'), dataIndex: 'attempts', width: 90 },
                    { title: t('Lỗi cuối', 'Last error'), dataIndex: 'lastError', ellipsis: true },
                    {
                      title: t('Tạo lúc', 'Created'),
                      dataIndex: 'createdAt',
                      width: 140,
                      render: (d: string) => formatDateTime(d),
                    },
                    {
                      title: '',
                      key: 'act',
                      width: 100,
                      render: (_: unknown, m) => (
                        <Button size="small" icon={<ReloadOutlined />} onClick={() => void resend(m)}>
                          {t('Gửi lại', 'Resend')}
                        </Button>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
