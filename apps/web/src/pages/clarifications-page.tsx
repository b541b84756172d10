/** Unit officer: the appraisers' clarification requests, with their reply deadline, answered here. */
import { App, Button, Card, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { EmptyState, ErrorState, errorText } from '../components/states';
import { formatCountdown, formatDate, formatDateTime } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type Clarification = Schemas['ClarificationView'];

export default function ClarificationsPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const list = useAsync(() => call(api.GET('/api/appraisal/clarifications')), [], { pollMs: 60_000 });
  const [answering, setAnswering] = useState<Clarification>();
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async () => {
    if (!answering) {
      return;
    }
    setBusy(true);
    try {
      await call(
        api.POST('/api/appraisal/clarifications/{id}/answer', {
          params: { path: { id: answering.id } },
          body: { answer: answer.trim() },
        }),
      );
      void message.success(t('Đã gửi giải trình.', 'Answer sent.'));
      setAnswering(undefined);
      list.reload();
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Yêu cầu giải trình', 'Clarification requests')}
        </Typography.Title>
      }
    >
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      <Table<Clarification>
        rowKey="id"
        size="small"
        loading={list.loading && !list.data}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{
          emptyText: (
            <EmptyState
              title={t(
                'Chưa có yêu cầu giải trình nào. Khi cơ quan thẩm định cần làm rõ, yêu cầu sẽ hiện ở đây.',
                'No clarification request. When an appraiser needs more, it appears here.',
              )}
            />
          ),
        }}
        columns={[
          {
            title: t('Tiêu chí', 'Criteria'),
            dataIndex: 'criterionCodes',
            width: 110,
            render: (c: string[]) => c.join(', '),
          },
          { title: t('Nội dung yêu cầu', 'Request'), dataIndex: 'request' },
          {
            title: t('Hạn trả lời', 'Reply by'),
            dataIndex: 'dueAt',
            width: 170,
            render: (d: string, c) => (
              <>
                {formatDate(new Date(Date.parse(d) - 1))}
                {c.status === 'open' ? (
                  <div>
                    <Tag color="orange">{formatCountdown(Math.floor((Date.parse(d) - Date.now()) / 1000), lang)}</Tag>
                  </div>
                ) : null}
              </>
            ),
          },
          {
            title: t('Trạng thái', 'Status'),
            dataIndex: 'status',
            width: 120,
            render: (s: string) => (
              <Tag color={s === 'answered' ? 'green' : s === 'expired' ? 'red' : 'purple'}>
                {s === 'answered'
                  ? t('Đã giải trình', 'Answered')
                  : s === 'expired'
                    ? t('Quá hạn', 'Expired')
                    : t('Chờ giải trình', 'Awaiting answer')}
              </Tag>
            ),
          },
          {
            title: t('Giải trình', 'Answer'),
            dataIndex: 'answer',
            render: (a: string | null, c) =>
              a ? (
                <>
                  {a}
                  <div style={{ fontSize: 12, color: '#8c8c8c' }}>{formatDateTime(c.answeredAt)}</div>
                </>
              ) : c.status === 'open' ? (
                <Button
                  type="primary"
                  size="small"
                  onClick={() => {
                    setAnswer('');
                    setAnswering(c);
                  }}
                >
                  {t('Trả lời', 'Answer')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <Modal
        open={!!answering}
        title={t('Giải trình', 'Answer')}
        okText={t('Gửi giải trình', 'Send answer')}
        cancelText={t('Hủy', 'Cancel')}
        okButtonProps={{ disabled: answer.trim().length === 0 }}
        confirmLoading={busy}
        onOk={() => void send()}
        onCancel={() => setAnswering(undefined)}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{answering?.request}</Typography.Paragraph>
          <Input.TextArea
            rows={4}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            aria-label={t('Nội dung giải trình', 'Your answer')}
            placeholder={t(
              'Nội dung giải trình; tài liệu bổ sung tải lên ở biểu tự chấm điểm.',
              'Your answer; upload extra evidence on the score sheet.',
            )}
          />
        </Space>
      </Modal>
    </Card>
  );
}
