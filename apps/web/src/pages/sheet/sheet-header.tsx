/** The sheet's header: unit, state, totals, deadline, progress, save state and the sheet's actions. */
import { CloudUploadOutlined, DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorText } from '../../components/states';
import { formatClosed, formatCountdown, formatDateTime, formatDeadline, formatNumber } from '../../lib/format';
import { SHEET_STATUS, useLang } from '../../lib/i18n';
import type { SaveState, Sheet } from './sheet-model';

export function SheetHeader({
  data,
  scored,
  leafCount,
  waitingCount,
  save,
  secondsLeft,
  submitting,
  onRetry,
  onUpload,
  onSubmit,
}: {
  data: Sheet;
  scored: number;
  leafCount: number;
  waitingCount: number;
  save: SaveState;
  secondsLeft: number;
  submitting: boolean;
  onRetry: () => void;
  onUpload: () => void;
  onSubmit: () => void;
}) {
  const { t, lang } = useLang();
  const editable = data.editable;
  const status = SHEET_STATUS[data.status] ?? [data.status, data.status, 'default'];
  const saveText =
    save.kind === 'saving'
      ? t('Đang lưu…', 'Saving…')
      : save.kind === 'pending'
        ? t('Có thay đổi chưa lưu…', 'Unsaved changes…')
        : save.kind === 'saved'
          ? `${t('Đã lưu lúc', 'Saved at')} ${formatDateTime(save.at).slice(11)}${waitingCount > 0 ? ` · ${t(`${waitingCount} tiêu chí chưa đủ để lưu`, `${waitingCount} rows incomplete`)}` : ''}`
          : save.kind === 'error'
            ? `${t('Chưa lưu được', 'Not saved')}: ${errorText(save.error, lang)}`
            : waitingCount > 0
              ? t(
                  `${waitingCount} tiêu chí chưa đủ để lưu (xem cột Trạng thái)`,
                  `${waitingCount} rows incomplete (see Status)`,
                )
              : !editable
                ? data.submittedAt
                  ? t(
                      'Biểu đã nộp: chỉ xem; bổ sung khi có yêu cầu giải trình.',
                      'Submitted: read-only; add documents when a clarification is requested.',
                    )
                  : t('Biểu chỉ còn xem được.', 'The sheet is read-only.')
                : t('Mọi thay đổi được lưu tự động', 'Changes save automatically');
  return (
    <Card size="small">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start" wrap>
        <div>
          <Typography.Title level={1} style={{ margin: 0 }}>
            {t('Biểu tự chấm điểm', 'Self-assessment sheet')} — {data.unitName}
          </Typography.Title>
          <Space size={6} wrap style={{ marginTop: 4 }}>
            <Tag color={status[2]}>{lang === 'vi' ? status[0] : status[1]}</Tag>
            <Typography.Text type="secondary">
              {data.criteriaSet.title} ({t('phiên bản', 'version')} {data.criteriaSet.version})
            </Typography.Text>
            {data.criteriaSet.sample ? <Tag color="warning">{t('Bộ tiêu chí mẫu', 'Sample criteria set')}</Tag> : null}
            {data.submittedAt ? (
              <Typography.Text type="secondary">
                {t('Nộp lúc', 'Submitted')} {formatDateTime(data.submittedAt)}
              </Typography.Text>
            ) : null}
          </Space>
        </div>
        <Space size={24} wrap>
          <Statistic
            title={t('Tổng tự chấm', 'Self total')}
            value={`${formatNumber(data.selfTotal)} / ${formatNumber(data.maxPoints)}`}
            styles={{ content: { fontSize: 18 } }}
          />
          <Statistic
            title={t('Chỉ số tự đánh giá', 'Self index')}
            value={formatNumber(data.selfIndex)}
            suffix="%"
            styles={{ content: { fontSize: 18 } }}
          />
          <div data-testid="deadline-countdown">
            <div style={{ color: 'rgba(0,0,0,.65)', fontSize: 14 }}>
              {t('Hạn nộp', 'Due')} {formatDeadline(data.deadline.dueAt)}
              {data.deadline.extended ? ` (${t('đã gia hạn', 'extended')})` : ''}
            </div>
            {/* A countdown only while the unit can still write: a submitted or closed sheet says what it is. */}
            <Typography.Text
              strong
              type={editable && secondsLeft < 3 * 86400 ? 'danger' : undefined}
              style={{ fontSize: 18 }}
            >
              {data.submittedAt
                ? `${t('Đã nộp', 'Submitted')} ${formatDateTime(data.submittedAt)}`
                : data.deadline.closed
                  ? formatClosed(data.deadline, lang)
                  : editable
                    ? formatCountdown(secondsLeft, lang)
                    : t('Chỉ xem', 'Read-only')}
            </Typography.Text>
          </div>
        </Space>
      </Space>
      {data.criteriaSet.sample && data.criteriaSet.notice ? (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} title={data.criteriaSet.notice} />
      ) : null}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }} wrap>
        <Space>
          <Progress
            type="line"
            percent={Math.round((scored / Math.max(1, leafCount)) * 100)}
            size={[200, 8]}
            format={() => `${scored}/${leafCount}`}
            aria-label={t('Tiêu chí đã chấm', 'Criteria scored')}
          />
          <Typography.Text data-testid="save-state" type={save.kind === 'error' ? 'danger' : 'secondary'}>
            {saveText}
          </Typography.Text>
          {save.kind === 'error' ? (
            <Button size="small" onClick={onRetry}>
              {t('Lưu lại', 'Retry')}
            </Button>
          ) : null}
        </Space>
        <Space>
          <Link to="/clarifications">{t('Yêu cầu giải trình', 'Clarifications')}</Link>
          <a href={`/api/sheets/${data.id}/export.xlsx`}>
            <Button size="small" icon={<DownloadOutlined />}>
              {t('Xuất Excel', 'Export Excel')}
            </Button>
          </a>
          {editable ? (
            <>
              <Button size="small" icon={<CloudUploadOutlined />} onClick={onUpload}>
                {t('Tải tài liệu', 'Upload evidence')}
              </Button>
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={submitting}
                disabled={data.status !== 'draft'}
                onClick={onSubmit}
              >
                {t('Nộp biểu', 'Submit')}
              </Button>
            </>
          ) : null}
        </Space>
      </Space>
      {!editable && data.status === 'draft' ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title={t(
            'Đã hết hạn tự đánh giá; biểu chỉ còn xem được. Liên hệ Văn phòng thường trực nếu cần gia hạn.',
            'Self-assessment has closed; the sheet is read-only. Ask the secretariat for an extension.',
          )}
        />
      ) : null}
    </Card>
  );
}
