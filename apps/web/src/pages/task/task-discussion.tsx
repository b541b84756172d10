/** The comments exchanged on the task, and its append-only history. */
import { Button, Input, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { ErrorState } from '../../components/states';
import { TASK_STATE_LABELS } from '../../components/task-badge';
import { formatDateTime } from '../../lib/format';
import { label, useLang } from '../../lib/i18n';
import type { TaskModel } from './use-task';

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

export function TaskComments({ model }: { model: TaskModel }) {
  const { t } = useLang();
  const { comments, actions } = model;
  // What the appraiser typed stays in the box until the api has it.
  const [text, setText] = useState('');
  return (
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
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('Viết bình luận…', 'Write a comment…')}
        />
        <Button
          disabled={!text.trim()}
          onClick={() => void actions.comment(text.trim()).then((sent) => (sent ? setText('') : undefined))}
        >
          {t('Gửi', 'Send')}
        </Button>
      </Space.Compact>
    </Space>
  );
}

export function TaskHistory({ model }: { model: TaskModel }) {
  const { lang } = useLang();
  const { history } = model;
  if (history.error) {
    return <ErrorState error={history.error} onRetry={history.reload} />;
  }
  return (
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
  );
}
