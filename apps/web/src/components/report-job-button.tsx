/**
 * A heavy file (the consolidated table, the ranking tables, the appendix, a council's minutes, a sheet's evidence
 * ZIP) is built by a report job on the server, never in the request: the button asks for it (202 with the job), a progress bar follows the job, then the
 * download link appears. The job is found again after leaving the page (the campaign's files of the last day), so
 * the same button shows "being prepared" or "download" to whoever comes back.
 */
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Typography } from 'antd';
import { useCallback } from 'react';
import { api, call, type Schemas } from '../api/client';
import { isLiveJob, useBackgroundJob } from '../lib/use-background-job';
import { useLang } from '../lib/i18n';

type ReportKind = Schemas['ReportJobRequestDto']['kind'];

const fetchReportJob = (id: number) => call(api.GET('/api/report-jobs/{id}', { params: { path: { id } } }));

export function ReportJobButton({
  campaignId,
  kind,
  revision,
  subjectId,
  label,
  size,
  compact,
}: {
  campaignId: number;
  kind: ReportKind;
  revision?: number;
  /** The unit, sheet or council session the file is about (kinds that name one). */
  subjectId?: number;
  /** The button's text, e.g. ['Xuất Excel', 'Export Excel']. */
  label: [string, string];
  size?: 'small' | 'middle';
  /**
   * For a crowded line (the sheet's details row): a narrower progress bar, "Tải về (.zip)" with the file name as its
   * tooltip, and an icon-only "Tạo lại tệp", so the line keeps its other links readable.
   */
  compact?: boolean;
}) {
  const { t, lang } = useLang();
  const latest = useCallback(
    async () =>
      (await call(api.GET('/api/campaigns/{id}/report-jobs', { params: { path: { id: campaignId } } }))).find(
        (j) => j.kind === kind && (j.revision ?? undefined) === revision && (j.subjectId ?? undefined) === subjectId,
      ),
    [campaignId, kind, revision, subjectId],
  );
  const start = useCallback(
    async () =>
      (
        await call(
          api.POST('/api/campaigns/{id}/report-jobs', {
            params: { path: { id: campaignId } },
            body: { kind, revision, subjectId },
          }),
        )
      ).job,
    [campaignId, kind, revision, subjectId],
  );
  const { job, asking, error, ask } = useBackgroundJob(latest, fetchReportJob, start);

  const requestButton = (again: boolean) =>
    again && compact ? (
      <Button
        size={size}
        icon={<ReloadOutlined />}
        loading={asking}
        onClick={() => void ask()}
        data-report-kind={kind}
        aria-label={t('Tạo lại tệp', 'Build again')}
        title={t('Tạo lại tệp', 'Build again')}
      />
    ) : (
      <Button
        size={size}
        icon={again ? <ReloadOutlined /> : <DownloadOutlined />}
        loading={asking}
        onClick={() => void ask()}
        data-report-kind={kind}
      >
        {again ? t('Tạo lại tệp', 'Build again') : t(label[0], label[1])}
      </Button>
    );
  const extension = job?.fileName?.split('.').pop();

  return (
    <Space orientation="vertical" size={4} style={{ minWidth: 0, maxWidth: '100%' }} data-report-job={kind}>
      {!job ? requestButton(false) : null}
      {isLiveJob(job) ? (
        <div style={{ width: compact ? 170 : 220, maxWidth: '100%' }} role="status" aria-live="polite">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('Tệp đang chuẩn bị', 'File being prepared')}: {t(job!.labelVi, job!.kind)}
          </Typography.Text>
          <Progress percent={job!.progress} size="small" status="active" />
          <Typography.Text style={{ fontSize: 12 }}>
            {lang === 'vi'
              ? job!.messageVi
              : job!.totalCount !== null
                ? `${job!.doneCount ?? 0}/${job!.totalCount} files done…`
                : 'Building the file…'}
          </Typography.Text>
        </div>
      ) : null}
      {job?.state === 'done' && job.downloadUrl ? (
        <Space wrap={!compact} size={4}>
          <a href={job.downloadUrl} download={job.fileName ?? undefined} title={job.fileName ?? undefined}>
            <Button size={size} type="primary" icon={<DownloadOutlined />}>
              {t('Tải về', 'Download')} {compact ? `(.${extension})` : job.fileName}
            </Button>
          </a>
          {requestButton(true)}
        </Space>
      ) : null}
      {job?.state === 'expired' ? (
        <Space orientation="vertical" size={4}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'vi' ? job.messageVi : 'The file was removed after its retention period.'}
          </Typography.Text>
          {requestButton(true)}
        </Space>
      ) : null}
      {job?.state === 'failed' ? (
        <Space orientation="vertical" size={4}>
          <Alert
            type="error"
            showIcon
            title={lang === 'vi' ? (job.errorVi ?? job.messageVi) : 'The file could not be built; build it again.'}
          />
          {requestButton(true)}
        </Space>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Space>
  );
}
