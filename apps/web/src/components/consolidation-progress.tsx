import { Progress, Typography } from 'antd';
import type { Schemas } from '../api/client';
import { formatNumber } from '../lib/format';
import { useLang } from '../lib/i18n';

/**
 * A large campaign is consolidated by a job on the server (a few seconds for thousands of units): its progress
 * as units done of the campaign's units, then the tables replace it.
 */
export function ConsolidationProgress({ job }: { job: Schemas['ReportJobView'] }) {
  const { t } = useLang();
  const counted = job.doneCount !== null && job.totalCount !== null;
  return (
    <div role="status" data-testid="consolidation-progress" style={{ maxWidth: 560, margin: '24px auto' }}>
      <Typography.Text>
        {counted
          ? t(
              `Đang tổng hợp… ${formatNumber(job.doneCount)}/${formatNumber(job.totalCount)} đơn vị`,
              `Consolidating… ${formatNumber(job.doneCount)}/${formatNumber(job.totalCount)} units`,
            )
          : job.state === 'queued'
            ? t('Đang chờ đến lượt tổng hợp…', 'Waiting to consolidate…')
            : t('Đang tổng hợp…', 'Consolidating…')}
      </Typography.Text>
      <Progress percent={job.progress} status="active" />
    </div>
  );
}
