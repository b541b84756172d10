/**
 * Secretariat: the state of the mail system, the reminder log (who was reminded of what, when) and the mails that
 * failed, with a resend of one mail, of one reminder slot or of the whole campaign.
 */
import { useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { api, call, type Schemas } from '../api/client';
import { EmptyState, ErrorState, errorText } from '../components/states';
import { useCampaign } from '../lib/campaign-context';
import { formatDate, formatDateTime } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';
import { MailStatusCard } from './mail-status-card';

type Reminder = Schemas['ReminderLogView'];
type Mail = Schemas['MailMessageView'];

const MAIL_COLORS: Record<string, string> = { pending: 'default', sending: 'processing', sent: 'green', failed: 'red' };
const MAIL_STATUS: Record<string, [string, string]> = {
  pending: ['Chờ gửi', 'Waiting'],
  sending: ['Đang gửi', 'Sending'],
  sent: ['Đã gửi', 'Sent'],
  failed: ['Gửi lỗi', 'Failed'],
};
const KIND: Record<string, [string, string]> = {
  reminder: ['Nhắc hạn', 'Reminder'],
  overdue: ['Quá hạn', 'Overdue'],
  escalation: ['Báo cáo lãnh đạo', 'Escalation'],
};
const BEFORE_UNIT: Record<string, [string, string]> = {
  d: ['ngày', 'days'],
  h: ['giờ', 'hours'],
  m: ['phút', 'minutes'],
  s: ['giây', 'seconds'],
};
const SUBJECT: Record<string, [string, string]> = {
  scoreSheet: ['Biểu tự chấm', 'Score sheet'],
  appraisalTask: ['Nhiệm vụ thẩm định', 'Appraisal task'],
  clarification: ['Giải trình', 'Clarification'],
};

/**
 * An SMTP error (English, from the server or the network) as a sentence in the screen's language; the raw answer
 * stays in the tooltip for whoever runs the mail server.
 */
function mailErrorText(error: string, lang: 'vi' | 'en'): string {
  const code = /\b([45]\d\d)\b/.exec(error)?.[1];
  const [vi, en] = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|ECONNECTION|ESOCKET|Greeting never/i.test(
    error,
  )
    ? ['Không kết nối được máy chủ thư', 'Could not reach the mail server']
    : code?.startsWith('5')
      ? [`Máy chủ thư từ chối người nhận (mã ${code})`, `The mail server refused the recipient (code ${code})`]
      : code
        ? [`Máy chủ thư tạm từ chối (mã ${code})`, `The mail server refused for now (code ${code})`]
        : ['Lỗi khi gửi thư', 'Sending failed'];
  return lang === 'vi' ? vi : en;
}

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
  // `before-3d` (3 days before the deadline; tests use seconds), `overdue`, `escalation`: never the slug itself.
  const kindText = (k: string) => {
    const before = /^before-(\d+)([dhms])$/.exec(k);
    if (!before) {
      return KIND[k] ? l(KIND, k) : t('Nhắc việc', 'Reminder');
    }
    const [vi, en] = BEFORE_UNIT[before[2]];
    return t(`Trước hạn ${before[1]} ${vi}`, `${before[1]} ${en} before`);
  };
  const [slot, setSlot] = useState<number>();
  const [busy, setBusy] = useState(false);
  // The reminder slots that have failed mail, newest first (the select offers only those).
  const slots = [
    ...new Map((failed.data ?? []).filter((m) => m.runId !== null).map((m) => [m.runId!, m.slotDay ?? ''])).entries(),
  ].sort((a, b) => b[0] - a[0]);
  const chosen = slot !== undefined && slots.some(([runId]) => runId === slot) ? slot : slots[0]?.[0];

  const resend = async (m: Mail) => {
    try {
      await call(api.POST('/api/admin/mail/{id}/resend', { params: { path: { id: m.id } } }));
      void message.success(t('Đã đưa thư vào hàng gửi lại.', 'Queued for resending.'));
      failed.reload();
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };

  /** Every failed mail of one slot (`runId`), or of the whole campaign. */
  const resendMany = async (runId?: number) => {
    if (!id) {
      return;
    }
    setBusy(true);
    try {
      const { resent } = await call(
        api.POST('/api/admin/campaigns/{id}/mail/resend-failed', {
          params: { path: { id } },
          body: runId === undefined ? {} : { runId },
        }),
      );
      void message.success(t(`Đã đưa ${resent} thư vào hàng gửi lại.`, `${resent} message(s) queued for resending.`));
      failed.reload();
      reminders.reload();
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Typography.Title level={1} style={{ margin: 0 }}>
          {t('Nhắc việc và thư lỗi', 'Reminders and failed mail')}
        </Typography.Title>
      }
    >
      <MailStatusCard />
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
                  scroll={{ x: 760 }}
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
                    { title: t('Loại', 'Kind'), dataIndex: 'kind', width: 150, render: (k: string) => kindText(k) },
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
                      render: (s: string | null) => (s ? <Tag color={MAIL_COLORS[s]}>{l(MAIL_STATUS, s)}</Tag> : '—'),
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
                {failed.data?.length ? (
                  <Space wrap style={{ marginBottom: 12 }} data-testid="resend-many">
                    {slots.length > 0 ? (
                      <Space wrap>
                        <Select
                          aria-label={t('Đợt nhắc', 'Reminder slot')}
                          style={{ minWidth: 150 }}
                          value={chosen}
                          onChange={setSlot}
                          options={slots.map(([runId, day]) => ({
                            value: runId,
                            label: t(`Đợt ngày ${formatDate(day)}`, `Slot of ${formatDate(day)}`),
                          }))}
                        />
                        <Button loading={busy} onClick={() => void resendMany(chosen)}>
                          {t('Gửi lại thư lỗi của đợt', 'Resend the slot’s failed mail')}
                        </Button>
                      </Space>
                    ) : null}
                    <Popconfirm
                      title={t(
                        `Gửi lại cả ${failed.data.length} thư lỗi của đợt đánh giá này?`,
                        `Resend all ${failed.data.length} failed messages of this campaign?`,
                      )}
                      okText={t('Gửi lại', 'Resend')}
                      cancelText={t('Huỷ', 'Cancel')}
                      onConfirm={() => void resendMany()}
                    >
                      <Button type="primary" icon={<ReloadOutlined />} loading={busy}>
                        {t(`Gửi lại tất cả (${failed.data.length})`, `Resend all (${failed.data.length})`)}
                      </Button>
                    </Popconfirm>
                  </Space>
                ) : null}
                <Table<Mail>
                  rowKey="id"
                  size="small"
                  loading={failed.loading && !failed.data}
                  dataSource={failed.data ?? []}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  scroll={{ x: 980 }}
                  locale={{ emptyText: <EmptyState title={t('Không có thư gửi lỗi.', 'No failed mail.')} /> }}
                  columns={[
                    { title: t('Người nhận', 'To'), dataIndex: 'toAddress' },
                    {
                      title: t('Đợt nhắc', 'Slot'),
                      dataIndex: 'slotDay',
                      width: 100,
                      render: (d: string | null) => (d ? formatDate(d) : '—'),
                    },
                    { title: t('Tiêu đề', 'Subject'), dataIndex: 'subject' },
                    { title: t('Số lần thử', 'Attempts'), dataIndex: 'attempts', width: 90 },
                    {
                      title: t('Lỗi cuối', 'Last error'),
                      dataIndex: 'lastError',
                      ellipsis: { showTitle: false },
                      render: (e: string | null) => (e ? <Tooltip title={e}>{mailErrorText(e, lang)}</Tooltip> : '—'),
                    },
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
