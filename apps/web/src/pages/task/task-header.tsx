/** The task's title card: its state, the actions the reader may take now, and who holds it until when. */
import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { TASK_STATE_COLORS, TASK_STATE_LABELS } from '../../components/task-badge';
import { formatDate } from '../../lib/format';
import { label, useLang } from '../../lib/i18n';
import type { Task, TaskModel } from './use-task';
import { Deadline } from '../../components/deadline';

export function TaskHeader({ data, model, onAsk }: { data: Task; model: TaskModel; onAsk: () => void }) {
  const { t, lang } = useLang();
  const { saving, dirty, editable, canAsk, canClaim, canConfirm, actions } = model;
  return (
    <Card size="small" data-testid="task-header">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Link to="/inbox">{t('← Hộp việc', '← Inbox')}</Link>
          <Typography.Title level={1} style={{ margin: 0 }}>
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
          {canClaim ? <ClaimButton model={model} /> : null}
          {editable ? (
            <Button type="primary" disabled={dirty.length === 0} loading={saving} onClick={() => void actions.save()}>
              {t(`Lưu điểm (${dirty.length})`, `Save scores (${dirty.length})`)}
            </Button>
          ) : null}
          {canAsk ? <Button onClick={onAsk}>{t('Yêu cầu giải trình', 'Request clarification')}</Button> : null}
          {canConfirm ? (
            <Button loading={saving} onClick={() => void actions.confirm()}>
              {t('Xác nhận kết quả', 'Confirm')}
            </Button>
          ) : null}
          {editable ? (
            <Button
              disabled={!data.complete || dirty.length > 0}
              loading={saving}
              onClick={() => void actions.complete()}
            >
              {t('Hoàn thành', 'Complete')}
            </Button>
          ) : null}
        </Space>
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3, xl: 5 }} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('Đơn vị', 'Unit')}>{data.unitName}</Descriptions.Item>
        {/* The area's name: the code (tai-chinh-cong) is for machines. */}
        <Descriptions.Item label={t('Lĩnh vực', 'Content area')}>{data.contentAreaName}</Descriptions.Item>
        <Descriptions.Item label={t('Người xử lý', 'Assignee')}>{data.assignee?.fullName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('Hạn (ngày cuối)', 'Due (last day)')}>
          <Deadline dueAt={data.dueAt} />
        </Descriptions.Item>
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
  );
}

/** The claim, where the appraiser meets the read-only scores: the one action that makes them editable. */
export function ClaimButton({ model }: { model: TaskModel }) {
  const { t } = useLang();
  return (
    <Button type="primary" loading={model.saving} onClick={() => void model.actions.claim()}>
      {t('Nhận việc để chấm', 'Claim to score')}
    </Button>
  );
}
