/**
 * "Kiểm tra lại chữ ký" for the secretariat (issue 18 item 6): re-check the signatures of every stored document of
 * the authority in the background — after a revocation became known, say — and follow it as a progress bar
 * (done/total). A re-check the system started itself after the trust anchors changed shows here too.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, call, inBackground, type Schemas } from '../api/client';
import { formatTimeDate } from '../lib/format';
import { useLang } from '../lib/i18n';

type Run = Schemas['RecheckRunView'];

const POLL_MS = 1_000;
const isLive = (run: Run | undefined): boolean => run?.state === 'queued' || run?.state === 'running';

export function SignatureRecheckCard() {
  const { t, lang } = useLang();
  const [run, setRun] = useState<Run>();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();

  // Coming back to the page: the newest re-check of the last day.
  useEffect(() => {
    let cancelled = false;
    void inBackground(() => call(api.GET('/api/evidence-rechecks'))).then(
      (list) => {
        if (!cancelled && list[0]) {
          setRun(list[0]);
        }
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, []);

  // Follow it while queued or running.
  useEffect(() => {
    if (!run || !isLive(run)) {
      return;
    }
    const timer = setTimeout(() => {
      void inBackground(() => call(api.GET('/api/evidence-rechecks/{id}', { params: { path: { id: run.id } } }))).then(
        setRun,
        () => setRun({ ...run }),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [run]);

  const ask = useCallback(async () => {
    setAsking(true);
    setError(undefined);
    try {
      setRun((await call(api.POST('/api/evidence-rechecks'))).run);
    } catch (e) {
      setError(
        e instanceof ApiError
          ? lang === 'vi'
            ? e.messageVi
            : e.messageEn
          : t('Không gửi được yêu cầu; hãy thử lại.', 'Could not send the request; try again.'),
      );
    } finally {
      setAsking(false);
    }
  }, [lang, t]);

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
        {isLive(run) ? (
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
        {!isLive(run) ? (
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
