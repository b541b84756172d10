/** The SLA badge of an appraisal task (JSM's field set): on track, due soon, breached, done (late). */
import { Tag, Tooltip } from 'antd';
import type { Schemas } from '../api/client';
import { formatCountdown } from '../lib/format';
import { useLang } from '../lib/i18n';

type Badge = Schemas['TaskBadgeView'];

export function TaskBadge({ badge }: { badge: Badge }) {
  const { t, lang } = useLang();
  const left = formatCountdown(badge.secondsRemaining, lang);
  const follow = badge.followUpDue ? <Tag color="purple">{t('Cần theo dõi hôm nay', 'Follow up today')}</Tag> : null;
  switch (badge.kind) {
    case 'breached':
      return (
        <>
          <Tag color="red">{t('Quá hạn', 'Overdue')}</Tag>
          {follow}
        </>
      );
    case 'dueSoon':
      return (
        <>
          <Tooltip title={left}>
            <Tag color="orange">{t('Sắp đến hạn', 'Due soon')}</Tag>
          </Tooltip>
          {follow}
        </>
      );
    case 'done':
      return <Tag color="green">{t('Đã xong', 'Done')}</Tag>;
    case 'doneLate':
      return <Tag color="gold">{t('Xong, trễ hạn', 'Done late')}</Tag>;
    case 'onTrack':
      return (
        <>
          <Tag color="blue">{left}</Tag>
          {follow}
        </>
      );
  }
}

export const TASK_STATE_LABELS: Record<string, [string, string]> = {
  open: ['Chưa nhận', 'Unclaimed'],
  claimed: ['Đã nhận', 'Claimed'],
  inReview: ['Đang thẩm định', 'In review'],
  awaitingClarification: ['Chờ giải trình', 'Awaiting clarification'],
  completed: ['Hoàn thành', 'Completed'],
};

export const TASK_STATE_COLORS: Record<string, string> = {
  open: 'default',
  claimed: 'blue',
  inReview: 'processing',
  awaitingClarification: 'purple',
  completed: 'success',
};
