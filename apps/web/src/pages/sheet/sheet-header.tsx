/**
 * The sheet's header, collapsed so the criteria get the screen (issue 16: at 1366×768 the old header card took 45 %
 * of the height): a sticky one-line summary (unit, state, progress, deadline, save state, "Nộp biểu") and, scrolling
 * away under it, the criteria set, totals and the other actions.
 */
import { CloudUploadOutlined, DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import type { Ref } from 'react';
import { Link } from 'react-router-dom';
import { ReportJobButton } from '../../components/report-job-button';
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
  narrow,
  phone = narrow,
  summaryRef,
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
  /** Below 1200 px: the summary wraps to two lines. */
  narrow: boolean;
  /** Below 768 px: the details wrap too, the criteria set's name on a line of its own. */
  phone?: boolean;
  /** The summary bar, measured by the page so the table's sticky column titles sit under it. */
  summaryRef?: Ref<HTMLDivElement>;
}) {
  const { t, lang } = useLang();
  const editable = data.editable;
  // A draft whose window has closed is no longer "Đang tự chấm": it says what it is.
  const status =
    data.status === 'draft' && data.deadline.closed && !data.submittedAt
      ? ['Hết hạn tự chấm', 'Self-assessment closed', 'default']
      : (SHEET_STATUS[data.status] ?? [data.status, data.status, 'default']);
  // A sheet the unit can no longer write says so — whatever was saved before, and never "lưu tự động" — unless a
  // save is in flight or failed (that still needs the person's attention).
  const readOnlyText = data.submittedAt
    ? t(
        'Biểu đã nộp: chỉ xem; bổ sung khi có yêu cầu giải trình.',
        'Submitted: read-only; add documents when a clarification is requested.',
      )
    : t('Biểu chỉ còn xem được.', 'The sheet is read-only.');
  const saveText =
    save.kind === 'saving'
      ? t('Đang lưu…', 'Saving…')
      : save.kind === 'error'
        ? `${t('Chưa lưu được', 'Not saved')}: ${errorText(save.error, lang)}`
        : !editable
          ? readOnlyText
          : save.kind === 'pending'
            ? t('Có thay đổi chưa lưu…', 'Unsaved changes…')
            : save.kind === 'saved'
              ? `${t('Đã lưu lúc', 'Saved at')} ${formatDateTime(save.at).slice(11)}${waitingCount > 0 ? ` · ${t(`${waitingCount} tiêu chí chưa đủ để lưu`, `${waitingCount} rows incomplete`)}` : ''}`
              : waitingCount > 0
                ? t(
                    `${waitingCount} tiêu chí chưa đủ để lưu (xem cột Trạng thái)`,
                    `${waitingCount} rows incomplete (see Status)`,
                  )
                : t('Mọi thay đổi được lưu tự động', 'Changes save automatically');
  // A countdown only while the unit can still write: a submitted or closed sheet says what it is, never "còn 0 giờ".
  const counting = !data.submittedAt && !data.deadline.closed && editable;
  const deadlineText = data.submittedAt
    ? `${t('Đã nộp', 'Submitted')} ${formatDateTime(data.submittedAt)}`
    : data.deadline.closed
      ? formatClosed(data.deadline, lang)
      : editable
        ? formatCountdown(secondsLeft, lang)
        : t('Chỉ xem', 'Read-only');
  const actions = (
    <>
      <Link to="/clarifications">{t('Yêu cầu giải trình', 'Clarifications')}</Link>
      <a href={`/api/sheets/${data.id}/export.xlsx`}>
        <Button size="small" icon={<DownloadOutlined />}>
          {t('Xuất Excel', 'Export Excel')}
        </Button>
      </a>
      {/* A unit's evidence can be hundreds of MB: the ZIP is a report job (progress, then the download). */}
      <ReportJobButton
        campaignId={data.campaignId}
        kind="evidence-zip"
        subjectId={data.id}
        label={['Tài liệu (.zip)', 'Evidence (.zip)']}
        size="small"
        compact
      />
      {editable ? (
        <Button size="small" icon={<CloudUploadOutlined />} onClick={onUpload}>
          {t('Tải tài liệu', 'Upload evidence')}
        </Button>
      ) : null}
    </>
  );
  return (
    <>
      {/*
        The summary stays in sight while the criteria scroll under it (the page is the one scroll area): who, how far,
        until when, whether it is saved, and "Nộp biểu". One line from 992 px; on a phone it wraps to two.
      */}
      <div
        ref={summaryRef}
        data-testid="sheet-summary"
        style={{
          position: 'sticky',
          top: 0,
          // Above the table's fixed code column (z-index 10 in Ant Design 6) and its sticky column titles.
          zIndex: 20,
          background: '#fff',
          border: '1px solid #f0f0f0',
          borderRadius: 8,
          padding: narrow ? '6px 8px' : '6px 12px',
          display: 'flex',
          flexWrap: narrow ? 'wrap' : 'nowrap',
          alignItems: 'center',
          columnGap: 12,
          rowGap: 4,
          boxShadow: '0 1px 4px rgba(0,0,0,.06)',
        }}
      >
        {/* The page's one <h1> (issue 17), at the size of a line of the summary. */}
        <Typography.Title
          level={1}
          ellipsis={{ tooltip: true }}
          style={{ margin: 0, fontSize: 16, flex: narrow ? '1 1 100%' : '0 3 auto', minWidth: 0 }}
        >
          {t('Biểu tự chấm điểm', 'Self-assessment sheet')} — {data.unitName}
        </Typography.Title>
        <Progress
          type="line"
          percent={Math.round((scored / Math.max(1, leafCount)) * 100)}
          size={[narrow ? 60 : 90, 6]}
          format={() => `${scored}/${leafCount}`}
          style={{ margin: 0, width: 'auto', flex: 'none' }}
          aria-label={t('Tiêu chí đã chấm', 'Criteria scored')}
        />
        <span
          data-testid="deadline-countdown"
          style={narrow ? { flex: '1 1 auto', minWidth: 0 } : { whiteSpace: 'nowrap', flex: 'none' }}
        >
          {/* The due date while it still matters; a submitted or closed sheet's text carries its own date. */}
          {counting ? (
            <>
              <Typography.Text type="secondary">
                {t('Hạn', 'Due')} {formatDeadline(data.deadline.dueAt)}
                {data.deadline.extended ? ` (${t('đã gia hạn', 'extended')})` : ''}
              </Typography.Text>{' '}
            </>
          ) : null}
          <Typography.Text
            strong
            type={editable && !data.deadline.closed && secondsLeft < 3 * 86400 ? 'danger' : undefined}
          >
            {deadlineText}
          </Typography.Text>
        </span>
        <Typography.Text
          data-testid="save-state"
          type={save.kind === 'error' ? 'danger' : 'secondary'}
          ellipsis={narrow ? false : { tooltip: true }}
          // The save state is read whole (past 40 % of the line it ends in an ellipsis with a tooltip); the title, with
          // its tooltip, gives way.
          style={{ flex: '0 0 auto', maxWidth: narrow ? '100%' : '40%' }}
        >
          {saveText}
        </Typography.Text>
        {save.kind === 'error' ? (
          <Button size="small" onClick={onRetry}>
            {t('Lưu lại', 'Retry')}
          </Button>
        ) : null}
        {editable ? (
          <Button
            type="primary"
            size={narrow ? 'middle' : 'small'}
            icon={<SendOutlined />}
            loading={submitting}
            disabled={data.status !== 'draft'}
            onClick={onSubmit}
            style={{ flex: 'none', marginInlineStart: 'auto' }}
          >
            {t('Nộp biểu', 'Submit')}
          </Button>
        ) : null}
      </div>
      {/* What does not need to stay in sight: the criteria set, totals, links; it scrolls away with the page. */}
      <div
        data-testid="sheet-details"
        style={{
          display: 'flex',
          flexWrap: narrow ? 'wrap' : 'nowrap',
          alignItems: 'center',
          columnGap: 12,
          rowGap: 4,
          padding: '0 4px',
          fontSize: 13,
        }}
      >
        <Tag color={status[2]} style={{ marginInlineEnd: 0 }}>
          {lang === 'vi' ? status[0] : status[1]}
        </Tag>
        <Typography.Text
          type="secondary"
          ellipsis={{ tooltip: true }}
          // A line of its own on a phone; beside the status and totals from a tablet up (at 1024 px the details were
          // four lines, a criterion's height, before the table).
          style={{ flex: phone ? '1 1 100%' : narrow ? '1 1 160px' : '1 1 0', minWidth: 0 }}
        >
          {data.criteriaSet.title} ({t('phiên bản', 'version')} {data.criteriaSet.version})
        </Typography.Text>
        {data.criteriaSet.sample ? (
          // The sample set's notice on the tag (hover or focus), so it costs no line above the criteria.
          <Tooltip title={data.criteriaSet.notice}>
            <Tag color="warning" tabIndex={0} style={{ marginInlineEnd: 0 }} data-testid="sample-set">
              {t('Bộ tiêu chí mẫu', 'Sample criteria set')}
            </Tag>
          </Tooltip>
        ) : null}
        <span style={{ whiteSpace: 'nowrap' }}>
          {t('Tổng tự chấm', 'Self total')}{' '}
          <strong>
            {formatNumber(data.selfTotal)} / {formatNumber(data.maxPoints)}
          </strong>{' '}
          · {t('Chỉ số', 'Index')} <strong>{formatNumber(data.selfIndex)} %</strong>
        </span>
        <Space size={8} wrap={narrow}>
          {actions}
        </Space>
      </div>
      {!editable && data.status === 'draft' ? (
        <Alert
          type="error"
          showIcon
          title={t(
            'Đã hết hạn tự đánh giá; biểu chỉ còn xem được. Liên hệ Văn phòng thường trực nếu cần gia hạn.',
            'Self-assessment has closed; the sheet is read-only. Ask the secretariat for an extension.',
          )}
        />
      ) : null}
    </>
  );
}
