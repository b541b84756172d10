/** The task's title card: its state, the actions the reader may take now, and who holds it until when. */
import { Alert, App, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { TASK_STATE_COLORS, TASK_STATE_LABELS } from '../../components/task-badge';
import { formatDate } from '../../lib/format';
import { label, useLang } from '../../lib/i18n';
import type { Task, TaskModel } from './use-task';
import { Deadline } from '../../components/deadline';
import { DatesModal } from './dates-modal';
import { ReassignModal } from './reassign-modal';

export function TaskHeader({ data, model, onAsk }: { data: Task; model: TaskModel; onAsk: () => void }) {
  const { t, lang } = useLang();
  const { saving, dirty, editable, canAsk, canClaim, canConfirm, canRelease, canReassign, actions } = model;
  const [reassigning, setReassigning] = useState(false);
  const [dating, setDating] = useState(false);
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
          {canRelease ? <ReleaseButton model={model} /> : null}
          {canReassign ? (
            <Button onClick={() => setReassigning(true)}>{t('Giao cho người khác', 'Assign to someone else')}</Button>
          ) : null}
          {canReassign ? (
            <Button onClick={() => setDating(true)}>{t('Đổi hạn, theo dõi', 'Change dates')}</Button>
          ) : null}
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
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('Đơn vị', 'Unit')}>{data.unitName}</Descriptions.Item>
        {/* The area's name: the code (tai-chinh-cong) is for machines. */}
        <Descriptions.Item label={t('Lĩnh vực', 'Content area')}>{data.contentAreaName}</Descriptions.Item>
        <Descriptions.Item label={t('Người xử lý', 'Assignee')}>{data.assignee?.fullName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('Hạn (ngày cuối)', 'Due (last day)')}>
          <Deadline dueAt={data.dueAt} />
        </Descriptions.Item>
        <Descriptions.Item label={t('Theo dõi', 'Follow-up')}>{formatDate(data.followUpAt)}</Descriptions.Item>
      </Descriptions>
      {model.refusal ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: actions.dismissRefusal }}
          title={model.refusal}
          data-testid="task-refusal"
          style={{ marginTop: 8 }}
        />
      ) : null}
      {canReassign ? (
        <DatesModal data={data} open={dating} onClose={() => setDating(false)} onSaved={model.actions.datesSaved} />
      ) : null}
      {canReassign ? (
        <ReassignModal data={data} model={model} open={reassigning} onClose={() => setReassigning(false)} />
      ) : null}
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

/** Release (trả việc) after a confirmation that says where the task goes and what is not kept. */
function ReleaseButton({ model }: { model: TaskModel }) {
  const { t } = useLang();
  const { modal } = App.useApp();
  const unsaved = model.dirty.length;
  const confirm = () =>
    void modal.confirm({
      title: t('Trả lại nhiệm vụ này?', 'Release this task?'),
      content:
        t(
          'Nhiệm vụ trở về mục "Chưa ai nhận" để cán bộ khác của cơ quan nhận; bạn có thể nhận lại nếu chưa ai nhận.',
          'The task goes back to "Unclaimed" for another officer of the organisation; you can claim it again until someone does.',
        ) +
        (unsaved
          ? t(
              ` ${unsaved} điểm đã nhập nhưng chưa lưu sẽ không được giữ.`,
              ` ${unsaved} unsaved score(s) will not be kept.`,
            )
          : ''),
      okText: t('Trả việc', 'Release'),
      cancelText: t('Hủy', 'Cancel'),
      onOk: () => model.actions.release(),
    });
  return (
    <Button danger loading={model.saving} onClick={confirm}>
      {t('Trả việc', 'Release')}
    </Button>
  );
}
