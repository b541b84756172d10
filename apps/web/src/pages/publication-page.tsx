/**
 * Leadership and secretariat: approve the council's result (leader), then issue the publication decision with
 * its two ranking tables — frozen and immutable; a correction is a new revision.
 */
import { CheckOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Progress, Space, Steps, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import { useAuth } from '../auth';
import { ReportJobButton } from '../components/report-job-button';
import { PublishedTable } from '../components/ranking-table';
import { ConsolidationTabs } from './consolidation-page';
import { EmptyState, ErrorState, errorText, Loading } from '../components/states';
import { useCampaign } from '../lib/campaign-context';
import { formatDate, formatDateTime } from '../lib/format';
import { label, PHASE_LABELS, useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';
import { isLiveJob, useBackgroundJob } from '../lib/use-background-job';

interface DecisionForm {
  decisionNumber: string;
  decisionDate: Dayjs;
  signerName: string;
  signerTitle: string;
}

const fetchJob = (jobId: number) => call(api.GET('/api/report-jobs/{id}', { params: { path: { id: jobId } } }));

export default function PublicationPage() {
  const { t, lang } = useLang();
  const { message, modal } = App.useApp();
  const { hasRole } = useAuth();
  const { current, campaigns } = useCampaign();
  const id = current?.id;
  const progress = useAsync(
    () =>
      id ? call(api.GET('/api/campaigns/{id}/progress', { params: { path: { id } } })) : Promise.resolve(undefined),
    [id],
  );
  const publications = useAsync(
    () => (id ? call(api.GET('/api/campaigns/{id}/publications', { params: { path: { id } } })) : Promise.resolve([])),
    [id],
  );
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<DecisionForm>();
  // Publication is a job (issue 19): the request checks at once whether it may happen (a refusal lists what
  // blocks it), then the reports process consolidates and freezes the tables while this page shows its progress.
  const decision = useRef<DecisionForm>(undefined);
  const latestPublishJob = useCallback(
    async () =>
      id
        ? (await call(api.GET('/api/campaigns/{id}/report-jobs', { params: { path: { id } } }))).find(
            (j) => j.kind === 'publication',
          )
        : undefined,
    [id],
  );
  const startPublish = useCallback(async () => {
    const v = decision.current!;
    return (
      await call(
        api.POST('/api/campaigns/{id}/publications', {
          params: { path: { id: id! } },
          body: {
            decisionNumber: v.decisionNumber,
            decisionDate: v.decisionDate.format('YYYY-MM-DD'),
            signerName: v.signerName,
            signerTitle: v.signerTitle,
          },
        }),
      )
    ).job;
  }, [id]);
  const publishing = useBackgroundJob(latestPublishJob, fetchJob, startPublish);
  const job = publishing.job;
  const followed = useRef<number>(undefined);
  useEffect(() => {
    if (job && isLiveJob(job)) {
      followed.current = job.id;
    } else if (job?.state === 'done' && followed.current === job.id) {
      // Seen running on this page and now done: say so once and show the frozen tables.
      followed.current = undefined;
      void message.success(t('Đã công bố kết quả.', 'Results published.'));
      progress.reload();
      publications.reload();
      campaigns.reload();
    }
    // On the job's changes only (the reloads are new functions each render).
  }, [job]);
  useEffect(() => {
    if (publishing.error) {
      // A refusal lists what is missing (units, tasks, clarifications): kept on screen, not a passing toast; the
      // decision form keeps what was typed.
      modal.error({ title: t('Chưa thực hiện được', 'Not done'), content: publishing.error });
    }
    // On a new refusal only.
  }, [publishing.error]);

  if (!current || !id) {
    return (
      <Card>
        <EmptyState title={t('Chưa có đợt đánh giá.', 'No campaign yet.')} />
      </Card>
    );
  }
  if ((progress.loading && !progress.data) || (publications.loading && !publications.data)) {
    return <Loading />;
  }
  const error = progress.error ?? publications.error;
  if (error || !progress.data) {
    return <ErrorState error={error} onRetry={() => (progress.reload(), publications.reload())} />;
  }
  const approval = progress.data.approval;
  const latest = publications.data?.find((p) => p.current) ?? publications.data?.[0];

  const act = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await run();
      void message.success(done);
      progress.reload();
      publications.reload();
      campaigns.reload();
    } catch (e) {
      // A refusal lists what is missing (units, tasks, clarifications): kept on screen, not a passing toast; the
      // decision form keeps what was typed.
      modal.error({ title: t('Chưa thực hiện được', 'Not done'), content: errorText(e, lang) });
    } finally {
      setBusy(false);
    }
  };

  /** Every decision asks first, naming what it freezes (issue 17: a leader approved in one click). */
  const confirm = (title: string, consequence: string, okText: string, run: () => void): void => {
    void modal.confirm({ title, content: consequence, okText, cancelText: t('Hủy', 'Cancel'), onOk: run });
  };

  const approveResult = () =>
    confirm(
      t('Phê duyệt kết quả của Hội đồng?', 'Approve the council’s result?'),
      t(
        'Kết quả trong các bảng xem trước dưới đây trở thành kết quả chính thức để ban hành quyết định công bố; sau khi phê duyệt, không điều chỉnh điểm được nữa.',
        'The result in the preview tables below becomes the official result for the publication decision; after approval no score can be adjusted.',
      ),
      t('Phê duyệt', 'Approve'),
      () =>
        void act(
          () => call(api.POST('/api/campaigns/{id}/leadership-approval', { params: { path: { id } } })),
          t('Đã phê duyệt kết quả.', 'Result approved.'),
        ),
    );

  const confirmPublish = (v: DecisionForm) =>
    confirm(
      t(`Công bố kết quả theo Quyết định ${v.decisionNumber}?`, `Publish under decision ${v.decisionNumber}?`),
      t(
        'Các bảng xếp hạng xem trước dưới đây được chốt và công khai; bảng đã công bố không sửa được — chỉ có thể đính chính bằng một lần ban hành mới.',
        'The ranking tables previewed below are frozen and made public; a published table cannot be edited — only corrected by a new revision.',
      ),
      t('Công bố', 'Publish'),
      () => void publish(v),
    );

  const publish = (v: DecisionForm) => {
    decision.current = v;
    void publishing.ask();
  };
  const running = isLiveJob(job);

  const step = approval.published ? 3 : approval.leadership ? 2 : approval.council ? 1 : 0;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Typography.Title level={1} style={{ margin: 0, whiteSpace: 'normal' }}>
            {t('Phê duyệt và công bố', 'Approval and publication')}
          </Typography.Title>
        }
        extra={<Tag color="geekblue">{label(PHASE_LABELS, current.state, lang)}</Tag>}
      >
        <Steps
          size="small"
          current={step}
          items={[
            {
              title: t('Hội đồng thông qua', 'Council approves'),
              content: approval.council ? t('Xong', 'Done') : t('Đang chờ', 'Waiting'),
            },
            {
              title: t('Lãnh đạo phê duyệt', 'Leadership approves'),
              content: approval.leadership ? t('Xong', 'Done') : t('Đang chờ', 'Waiting'),
            },
            {
              title: t('Ban hành quyết định công bố', 'Publication decision'),
              content: approval.published
                ? t(`${approval.revisions} lần ban hành`, `${approval.revisions} revision(s)`)
                : t('Đang chờ', 'Waiting'),
            },
          ]}
        />
        <div style={{ marginTop: 16 }}>
          {!approval.council ? (
            <Alert
              type="info"
              showIcon
              title={t('Chờ Hội đồng thẩm định thông qua kết quả.', 'Waiting for the council to approve the result.')}
              action={<Link to="/consolidation">{t('Xem bảng tổng hợp', 'See consolidation')}</Link>}
            />
          ) : !approval.leadership ? (
            hasRole('leader') ? (
              <Alert
                type="warning"
                showIcon
                title={t(
                  'Hội đồng đã thông qua. Lãnh đạo UBND phê duyệt kết quả để công bố.',
                  'The council has approved. Leadership approves the result for publication.',
                )}
                action={
                  <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={approveResult}>
                    {t('Phê duyệt kết quả', 'Approve result')}
                  </Button>
                }
              />
            ) : (
              <Alert
                type="info"
                showIcon
                title={t('Chờ lãnh đạo UBND phê duyệt.', 'Waiting for leadership approval.')}
              />
            )
          ) : !approval.published && running ? (
            <div role="status" aria-live="polite" data-publication-job={job!.id}>
              <Typography.Text strong>
                {t('Đang công bố kết quả…', 'Publishing…')}{' '}
                {job!.totalCount
                  ? t(
                      `Đã tổng hợp ${job!.doneCount ?? 0}/${job!.totalCount} đơn vị.`,
                      `${job!.doneCount ?? 0} of ${job!.totalCount} units consolidated.`,
                    )
                  : null}
              </Typography.Text>
              <Progress percent={job!.progress} status="active" />
              <Typography.Text type="secondary">
                {t(
                  'Máy chủ đang tổng hợp điểm và chốt các bảng xếp hạng; có thể rời trang này, việc công bố vẫn tiếp tục.',
                  'The server is consolidating the scores and freezing the ranking tables; you may leave this page, the publication goes on.',
                )}
              </Typography.Text>
            </div>
          ) : !approval.published ? (
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {job?.state === 'failed' ? (
                <Alert
                  type="error"
                  showIcon
                  // The job's messages are stored in Vietnamese only; in English the gist and what to do.
                  title={lang === 'vi' ? job.messageVi : 'Not published.'}
                  description={
                    lang === 'vi' ? job.errorVi : 'Nothing was recorded. Check the decision and publish again.'
                  }
                />
              ) : null}
              <Form<DecisionForm>
                form={form}
                layout="inline"
                initialValues={{ decisionDate: dayjs(), signerTitle: 'Chủ tịch UBND' }}
                onFinish={confirmPublish}
              >
                <Form.Item
                  name="decisionNumber"
                  label={t('Số quyết định', 'Decision no.')}
                  rules={[{ required: true }]}
                >
                  <Input placeholder="1234/QĐ-UBND" style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name="decisionDate" label={t('Ngày', 'Date')} rules={[{ required: true }]}>
                  <DatePicker format="DD/MM/YYYY" />
                </Form.Item>
                <Form.Item name="signerName" label={t('Người ký', 'Signer')} rules={[{ required: true }]}>
                  <Input style={{ width: 180 }} />
                </Form.Item>
                <Form.Item name="signerTitle" label={t('Chức vụ', 'Title')} rules={[{ required: true }]}>
                  <Input style={{ width: 160 }} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy || publishing.asking}>
                  {t('Công bố kết quả', 'Publish')}
                </Button>
              </Form>
            </Space>
          ) : (
            <Alert
              type="success"
              showIcon
              title={t('Kết quả đã được công bố.', 'The results are published.')}
              action={<Link to="/public/rankings">{t('Trang công khai', 'Public page')}</Link>}
            />
          )}
        </div>
      </Card>
      {approval.council && !approval.published ? (
        <Card
          size="small"
          title={t('Xem trước các bảng xếp hạng sẽ được chốt', 'Preview of the ranking tables to be frozen')}
        >
          <ConsolidationTabs campaignId={id} provisional={false} />
        </Card>
      ) : null}
      {latest ? (
        <Card
          size="small"
          title={
            // The title wraps (a card title is cut with "…" otherwise: on a phone the decision's signer was lost).
            <Typography.Title level={2} style={{ margin: 0, fontSize: 14, whiteSpace: 'normal' }}>
              {t('Quyết định', 'Decision')} {latest.decisionNumber} {t('ngày', 'of')} {formatDate(latest.decisionDate)}{' '}
              — {latest.signerTitle} {latest.signerName}
            </Typography.Title>
          }
        >
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('Lần ban hành', 'Revision')} {latest.revision} · {formatDateTime(latest.publishedAt)}
          </Typography.Paragraph>
          {/* The files are report jobs (progress, then the download); in the body so they never squeeze the header. */}
          <Space wrap align="start" style={{ marginBottom: 12 }}>
            <ReportJobButton
              size="small"
              campaignId={id}
              kind="rankings-xlsx"
              revision={latest.revision}
              label={['Bảng xếp hạng (Excel)', 'Ranking tables (Excel)']}
            />
            <ReportJobButton
              size="small"
              campaignId={id}
              kind="appendix-pdf"
              revision={latest.revision}
              label={['Phụ lục (PDF)', 'Appendix (PDF)']}
            />
          </Space>
          <Tabs
            items={latest.tables.map((tb) => ({
              key: String(tb.tableNo),
              label: tb.title,
              children: <PublishedTable table={tb} />,
            }))}
          />
        </Card>
      ) : null}
    </Space>
  );
}
