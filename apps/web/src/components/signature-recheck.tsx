/**
 * "Kiểm tra lại chữ ký" for the secretariat (issue 18 item 6): re-check the signatures of every stored document of
 * the authority in the background — after a revocation became known, say — and follow it as a progress bar
 * (done/total). A re-check the system started itself after the trust anchors changed shows here too.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Typography } from 'antd';
import { api, call, type Schemas } from '../api/client';
import { formatTimeDate } from '../lib/format';
import { useLang } from '../lib/i18n';
import { isLiveJob, useBackgroundJob } from '../lib/use-background-job';

type Run = Schemas['RecheckRunView'];

const latestRecheck = async (): Promise<Run | undefined> => (await call(api.GET('/api/evidence-rechecks')))[0];
const fetchRecheck = (id: number) => call(api.GET('/api/evidence-rechecks/{id}', { params: { path: { id } } }));
const startRecheck = async () => (await call(api.POST('/api/evidence-rechecks'))).run;

export function SignatureRecheckCard() {
  const { t, lang } = useLang();
  const { job: run, asking, error, ask } = useBackgroundJob(latestRecheck, fetchRecheck, startRecheck);

  return (
    <Card
      size="small"
      data-testid="signature-recheck"
      title={
        <Space>
          <SafetyCertificateOutlined />
          {/* Short: a card title does not wrap, and at 390 px a longer one was cut. */}
          {t('Kiểm tra lại chữ ký số', 'Re-check signatures')}
        </Space>
      }
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t(
            'Dùng khi biết tin một chứng thư số bị thu hồi, hoặc sau khi thay chứng thư gốc: hệ thống kiểm tra lại chữ ký của mọi tài liệu kiểm chứng; thẩm định viên thấy kết luận mới, kết luận cũ vẫn được lưu.',
            'Use it when a certificate is known to be revoked, or after changing the root certificates: every stored document is checked again; appraisers see the new verdict, the old one is kept.',
          )}
        </Typography.Text>
        {isLiveJob(run) ? (
          <div role="status" aria-live="polite" data-testid="signature-recheck-progress">
            <Typography.Text style={{ fontSize: 12 }}>{lang === 'vi' ? run!.causeVi : run!.cause}</Typography.Text>
            <Progress percent={run!.percent} size="small" status="active" />
            <Typography.Text style={{ fontSize: 12 }}>
              {run!.total === null
                ? t('Đang chờ đến lượt kiểm tra…', 'Waiting to start…')
                : t(
                    `Đã kiểm tra ${run!.done}/${run!.total} tài liệu`,
                    `Checked ${run!.done} of ${run!.total} documents`,
                  )}
            </Typography.Text>
          </div>
        ) : null}
        {run?.state === 'done' ? (
          <Alert
            type="success"
            showIcon
            data-testid="signature-recheck-done"
            title={lang === 'vi' ? run.messageVi : `Checked ${run.total ?? 0} documents; ${run.changed} changed.`}
            description={`${lang === 'vi' ? run.causeVi : run.cause} · ${t('xong lúc', 'finished')} ${formatTimeDate(run.finishedAt)}`}
          />
        ) : null}
        {run?.state === 'failed' ? (
          <Alert
            type="error"
            showIcon
            title={lang === 'vi' ? (run.errorVi ?? run.messageVi) : 'The re-check failed; start it again.'}
          />
        ) : null}
        {error ? <Alert type="error" showIcon title={error} /> : null}
        {!isLiveJob(run) ? (
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={asking}
            onClick={() => void ask()}
            data-testid="signature-recheck-start"
          >
            {t('Kiểm tra lại chữ ký', 'Re-check signatures')}
          </Button>
        ) : null}
      </Space>
    </Card>
  );
}
