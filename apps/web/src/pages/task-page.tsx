/**
 * Appraiser: one task — each leaf of the content area with the unit's self score and explanation, the rule's
 * suggestion, the appraised score and comment (round 1, and round 2 after a clarification), clarification requests,
 * comments and the append-only history.
 */
import {
  App,
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { useAuth } from '../auth';
import { EvidenceTags, EvidenceViewer } from '../components/evidence';
import { ErrorState, errorText, Loading } from '../components/states';
import { TASK_STATE_COLORS, TASK_STATE_LABELS } from '../components/task-badge';
import { formatDate, formatDateTime, formatNumber, parseNumber } from '../lib/format';
import { label, useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type Leaf = Schemas['AppraisalLeafView'];
/** Round 2 once the leaf was named in an answered or expired clarification. */
function roundOf(l: Leaf): 1 | 2 {
  return l.needsRound2 ? 2 : 1;
}

type Draft = Record<string, { points: string; comment: string }>;

const ACTION_LABELS: Record<string, [string, string]> = {
  'task.claimed': ['Nhận việc', 'Claimed'],
  'task.unclaimed': ['Trả việc', 'Unclaimed'],
  'task.assigned': ['Giao việc', 'Assigned'],
  'task.created': ['Tạo nhiệm vụ', 'Created'],
  'task.completed': ['Hoàn thành', 'Completed'],
  'task.datesChanged': ['Đổi hạn', 'Dates changed'],
  'task.commented': ['Bình luận', 'Comment'],
  'scores.saved': ['Lưu điểm thẩm định', 'Scores saved'],
  'clarification.requested': ['Yêu cầu giải trình', 'Clarification requested'],
  'clarification.answered': ['Đơn vị giải trình', 'Clarification answered'],
};

export default function TaskPage() {
  const id = Number(useParams().id);
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const task = useAsync(() => call(api.GET('/api/appraisal/tasks/{id}', { params: { path: { id } } })), [id]);
  const history = useAsync(
    () => call(api.GET('/api/inbox/tasks/{id}/history', { params: { path: { id } } })),
    [id, task.data],
  );
  const comments = useAsync(() => call(api.GET('/api/inbox/tasks/{id}/comments', { params: { path: { id } } })), [id]);
  const [draft, setDraft] = useState<Draft>({});
  const [viewing, setViewing] = useState<Schemas['EvidenceRefView']>();
  const sheetId = task.data?.sheetId;
  // The unit's evidence per criterion (appraisers may read the sheets they appraise).
  const sheet = useAsync(
    () =>
      sheetId ? call(api.GET('/api/sheets/{id}', { params: { path: { id: sheetId } } })) : Promise.resolve(undefined),
    [sheetId],
  );
  const evidenceByCode = useMemo(() => {
    const map = new Map<string, Schemas['EvidenceRefView'][]>();
    const walk = (nodes: Schemas['SheetNodeView'][]) =>
      nodes.forEach((n) => {
        if (n.leaf) {
          map.set(n.code, n.evidence ?? []);
        } else {
          walk(n.children ?? []);
        }
      });
    walk(sheet.data?.nodes ?? []);
    return map;
  }, [sheet.data]);
  const [saving, setSaving] = useState(false);
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const [form] = Form.useForm<{ criterionCodes: string[]; request: string; due: Dayjs }>();

  const data = task.data;
  useEffect(() => {
    if (!data) {
      return;
    }
    const next: Draft = {};
    for (const l of data.leaves) {
      const round2 = l.needsRound2;
      const points = round2 ? l.round2 : l.round1;
      next[l.code] = {
        points: points === null ? '' : formatNumber(points, 3),
        comment: (round2 ? l.round2Comment : l.round1Comment) ?? '',
      };
    }
    setDraft(next);
  }, [data]);

  const dirty = useMemo(() => {
    if (!data) {
      return [];
    }
    return data.leaves.filter((l) => {
      const d = draft[l.code];
      const saved = l.needsRound2 ? l.round2 : l.round1;
      const savedComment = (l.needsRound2 ? l.round2Comment : l.round1Comment) ?? '';
      return (
        d && (parseNumber(d.points) !== (saved ?? undefined) || d.comment !== savedComment) && d.points.trim() !== ''
      );
    });
  }, [data, draft]);

  if (task.loading && !data) {
    return <Loading rows={8} />;
  }
  if (task.error || !data) {
    return <ErrorState error={task.error} onRetry={task.reload} />;
  }
  const editable = data.state !== 'completed' && hasRole('appraiser', 'supervisor');

  const run = async (action: () => Promise<unknown>, done: string) => {
    setSaving(true);
    try {
      await action();
      void message.success(done);
      task.reload();
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setSaving(false);
    }
  };

  const save = () =>
    run(
      () =>
        call(
          api.PUT('/api/appraisal/tasks/{id}/scores', {
            params: { path: { id } },
            body: {
              scores: dirty.map((l) => ({
                code: l.code,
                points: draft[l.code].points.trim(),
                round: roundOf(l),
                comment: draft[l.code].comment || undefined,
              })),
            },
          }),
        ),
      t('Đã lưu điểm thẩm định.', 'Appraised scores saved.'),
    );

  const ask = async (v: { criterionCodes: string[]; request: string; due: Dayjs }) => {
    await run(
      () =>
        call(
          api.POST('/api/appraisal/tasks/{id}/clarifications', {
            params: { path: { id } },
            body: {
              criterionCodes: v.criterionCodes,
              request: v.request,
              dueAt: `${v.due.add(1, 'day').format('YYYY-MM-DD')}T00:00:00+07:00`,
            },
          }),
        ),
      t('Đã gửi yêu cầu giải trình cho đơn vị.', 'Clarification request sent to the unit.'),
    );
    setAsking(false);
  };

  const set = (code: string, patch: Partial<{ points: string; comment: string }>) =>
    setDraft((d) => ({ ...d, [code]: { ...d[code], ...patch } }));

  const leafColumns = [
    { title: t('Mã', 'Code'), dataIndex: 'code', width: 70 },
    {
      title: t('Tiêu chí', 'Criterion'),
      dataIndex: 'title',
      render: (title: string, l: Leaf) => (
        <>
          <div>{title}</div>
          {l.evidenceHint ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('Tài liệu kiểm chứng', 'Evidence')}: {l.evidenceHint}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    {
      title: t('Tối đa', 'Max'),
      dataIndex: 'maxPoints',
      width: 64,
      align: 'right' as const,
      render: (n: number) => formatNumber(n),
    },
    {
      title: t('Tự chấm', 'Self'),
      dataIndex: 'selfPoints',
      width: 150,
      render: (n: number | null, l: Leaf) => (
        <>
          <strong>{formatNumber(n)}</strong>
          {l.selfExplanation ? <div style={{ fontSize: 12, color: '#595959' }}>{l.selfExplanation}</div> : null}
        </>
      ),
    },
    {
      title: t('Tài liệu kiểm chứng', 'Evidence'),
      key: 'evidence',
      width: 130,
      render: (_: unknown, l: Leaf) => {
        const docs = evidenceByCode.get(l.code) ?? [];
        return docs.length ? (
          <EvidenceTags items={docs} onOpen={setViewing} />
        ) : (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t('Không có', 'None')}
          </Typography.Text>
        );
      },
    },
    {
      title: t('Gợi ý theo quy tắc', 'Rule suggests'),
      dataIndex: 'suggestion',
      width: 120,
      render: (s: Leaf['suggestion']) =>
        s ? <Typography.Text title={s.explanation}>{formatNumber(s.points)}</Typography.Text> : '—',
    },
    {
      title: t('Điểm thẩm định', 'Appraised'),
      key: 'points',
      width: 120,
      render: (_: unknown, l: Leaf) => (
        <Space orientation="vertical" size={2}>
          {l.needsRound2 ? (
            <Tag color="purple">
              {t('Vòng 2', 'Round 2')} · {t('vòng 1', 'round 1')}: {formatNumber(l.round1)}
            </Tag>
          ) : null}
          <Input
            size="small"
            inputMode="decimal"
            disabled={!editable}
            aria-label={`${t('Điểm thẩm định', 'Appraised')} ${l.code}`}
            value={draft[l.code]?.points ?? ''}
            onChange={(e) => set(l.code, { points: e.target.value })}
            status={
              draft[l.code]?.points && (parseNumber(draft[l.code].points) ?? -1) > l.maxPoints ? 'error' : undefined
            }
          />
        </Space>
      ),
    },
    {
      title: t('Nhận xét', 'Comment'),
      key: 'comment',
      width: 220,
      render: (_: unknown, l: Leaf) => (
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 3 }}
          disabled={!editable}
          aria-label={`${t('Nhận xét', 'Comment')} ${l.code}`}
          value={draft[l.code]?.comment ?? ''}
          onChange={(e) => set(l.code, { comment: e.target.value })}
        />
      ),
    },
  ];

  const openClarifications = data.clarifications.filter((c) => c.status === 'open').length;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space wrap>
            <Link to="/inbox">{t('← Hộp việc', '← Inbox')}</Link>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('Nhiệm vụ thẩm định', 'Appraisal task')} #{data.id}
            </Typography.Title>
            <Tag color={TASK_STATE_COLORS[data.state]}>{label(TASK_STATE_LABELS, data.state, lang)}</Tag>
            {data.conflictOfInterest ? (
              <Tag color="volcano">
                {t('Xung đột lợi ích — cần xác nhận', 'Conflict of interest — needs confirmation')}
              </Tag>
            ) : null}
          </Space>
          <Space wrap>
            {data.state === 'open' ? (
              <Button
                type="primary"
                loading={saving}
                onClick={() =>
                  void run(
                    () => call(api.POST('/api/inbox/tasks/{id}/claim', { params: { path: { id } } })),
                    t('Đã nhận việc.', 'Task claimed.'),
                  )
                }
              >
                {t('Nhận việc', 'Claim')}
              </Button>
            ) : null}
            {editable ? (
              <>
                <Button
                  type={data.state === 'open' ? 'default' : 'primary'}
                  disabled={dirty.length === 0}
                  loading={saving}
                  onClick={() => void save()}
                >
                  {t(`Lưu điểm (${dirty.length})`, `Save scores (${dirty.length})`)}
                </Button>
                <Button
                  onClick={() => {
                    form.setFieldsValue({ criterionCodes: [], request: '', due: dayjs().add(5, 'day') });
                    setAsking(true);
                  }}
                >
                  {t('Yêu cầu giải trình', 'Request clarification')}
                </Button>
                {data.conflictOfInterest && !data.confirmed ? (
                  <Button
                    loading={saving}
                    onClick={() =>
                      void run(
                        () =>
                          call(api.POST('/api/appraisal/tasks/{id}/confirm', { params: { path: { id } }, body: {} })),
                        t('Đã xác nhận.', 'Confirmed.'),
                      )
                    }
                  >
                    {t('Xác nhận kết quả', 'Confirm')}
                  </Button>
                ) : null}
                <Button
                  disabled={!data.complete || dirty.length > 0}
                  loading={saving}
                  onClick={() =>
                    void run(
                      () => call(api.POST('/api/appraisal/tasks/{id}/complete', { params: { path: { id } } })),
                      t('Đã hoàn thành thẩm định.', 'Appraisal completed.'),
                    )
                  }
                >
                  {t('Hoàn thành', 'Complete')}
                </Button>
              </>
            ) : null}
          </Space>
        </Space>
        <Descriptions size="small" column={4} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('Lĩnh vực', 'Content area')}>{data.contentArea}</Descriptions.Item>
          <Descriptions.Item label={t('Người xử lý', 'Assignee')}>{data.assignee?.fullName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('Hạn', 'Due')}>{formatDate(data.dueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('Theo dõi', 'Follow-up')}>{formatDate(data.followUpAt)}</Descriptions.Item>
        </Descriptions>
        {!data.complete && editable ? (
          <Alert
            type="info"
            showIcon
            title={t(
              'Chấm đủ điểm thẩm định cho mọi tiêu chí rồi bấm "Hoàn thành".',
              'Score every criterion, then press "Complete".',
            )}
          />
        ) : null}
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'scores',
              label: t('Chấm điểm', 'Scores'),
              children: (
                <Table<Leaf>
                  rowKey="code"
                  size="small"
                  pagination={false}
                  dataSource={data.leaves}
                  columns={leafColumns}
                  scroll={{ x: 1000 }}
                />
              ),
            },
            {
              key: 'clarifications',
              label: `${t('Giải trình', 'Clarifications')} (${data.clarifications.length}${openClarifications ? `, ${openClarifications} ${t('đang chờ', 'open')}` : ''})`,
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={data.clarifications}
                  locale={{ emptyText: t('Chưa có yêu cầu giải trình.', 'No clarification request yet.') }}
                  columns={[
                    {
                      title: t('Tiêu chí', 'Criteria'),
                      dataIndex: 'criterionCodes',
                      render: (c: string[]) => c.join(', '),
                    },
                    { title: t('Nội dung yêu cầu', 'Request'), dataIndex: 'request' },
                    { title: t('Hạn trả lời', 'Reply by'), dataIndex: 'dueAt', render: (d: string) => formatDate(d) },
                    {
                      title: t('Trạng thái', 'Status'),
                      dataIndex: 'status',
                      render: (s: string) => (
                        <Tag color={s === 'answered' ? 'green' : s === 'expired' ? 'red' : 'purple'}>
                          {s === 'answered'
                            ? t('Đã giải trình', 'Answered')
                            : s === 'expired'
                              ? t('Quá hạn', 'Expired')
                              : t('Đang chờ', 'Open')}
                        </Tag>
                      ),
                    },
                    {
                      title: t('Giải trình của đơn vị', "Unit's answer"),
                      dataIndex: 'answer',
                      render: (a: string | null) => a ?? '—',
                    },
                  ]}
                />
              ),
            },
            {
              key: 'comments',
              label: t('Trao đổi', 'Comments'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {comments.error ? <ErrorState error={comments.error} onRetry={comments.reload} /> : null}
                  {(comments.data ?? []).map((c) => (
                    <div key={c.id}>
                      <strong>{c.author.fullName}</strong>{' '}
                      <Typography.Text type="secondary">{formatDateTime(c.createdAt)}</Typography.Text>
                      <div>{c.body}</div>
                    </div>
                  ))}
                  <Space.Compact style={{ width: '100%' }}>
                    <Input
                      value={comment}
                      onChange={(e) => setComment(e.target.value)}
                      placeholder={t('Viết bình luận…', 'Write a comment…')}
                    />
                    <Button
                      disabled={!comment.trim()}
                      onClick={() =>
                        void call(
                          api.POST('/api/inbox/tasks/{id}/comments', {
                            params: { path: { id } },
                            body: { body: comment.trim() },
                          }),
                        )
                          .then(() => {
                            setComment('');
                            comments.reload();
                          })
                          .catch((e: unknown) => void message.error(errorText(e, lang)))
                      }
                    >
                      {t('Gửi', 'Send')}
                    </Button>
                  </Space.Compact>
                </Space>
              ),
            },
            {
              key: 'history',
              label: t('Lịch sử', 'History'),
              children: history.error ? (
                <ErrorState error={history.error} onRetry={history.reload} />
              ) : (
                <Timeline
                  items={(history.data ?? []).map((h) => ({
                    key: h.seq,
                    content: (
                      <span>
                        <Typography.Text type="secondary">{formatDateTime(h.at)}</Typography.Text> ·{' '}
                        <strong>{label(ACTION_LABELS, h.action, lang)}</strong> · {h.actor}
                        {h.fromState && h.toState && h.fromState !== h.toState
                          ? ` · ${label(TASK_STATE_LABELS, h.fromState, lang)} → ${label(TASK_STATE_LABELS, h.toState, lang)}`
                          : ''}
                      </span>
                    ),
                  }))}
                />
              ),
            },
          ]}
        />
      </Card>
      <EvidenceViewer evidence={viewing} onClose={() => setViewing(undefined)} />
      <Modal
        open={asking}
        title={t('Yêu cầu đơn vị giải trình', 'Ask the unit to clarify')}
        okText={t('Gửi yêu cầu', 'Send request')}
        cancelText={t('Hủy', 'Cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setAsking(false)}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void ask(v)}>
          <Form.Item
            name="criterionCodes"
            label={t('Tiêu chí cần giải trình', 'Criteria')}
            rules={[{ required: true }]}
          >
            <Select
              mode="multiple"
              options={data.leaves.map((l) => ({ value: l.code, label: `${l.code} ${l.title}` }))}
            />
          </Form.Item>
          <Form.Item name="request" label={t('Nội dung yêu cầu', 'Request')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item
            name="due"
            label={t('Hạn trả lời (hết ngày)', 'Reply by (end of day)')}
            rules={[{ required: true }]}
          >
            <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
