/**
 * Leadership and secretariat: approve the council's result (leader), then issue the publication decision with
 * its two ranking tables — frozen and immutable; a correction is a new revision.
 */
import { CheckOutlined, FileSyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Space, Steps, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import { useAuth } from '../auth';
import { ConsolidationTabs } from './consolidation-page';
import { ErrorState, errorText, Loading } from '../components/states';
import { useCampaign } from '../lib/campaign-context';
import { label, PHASE_LABELS, useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';
import { isLiveJob } from '../lib/use-background-job';
import {
  CorrectionModal,
  DecisionFields,
  type CorrectionForm,
  type DecisionForm,
  type UnitGroupOption,
} from './correction-modal';
import { decisionBody, DecisionJobProgress, FailedJob, useDecisionJob } from './decision-job';
import { PublishedRevisionCard } from './published-revision-card';
import { NoCampaign } from '../components/no-campaign';

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
  const reloadAll = () => {
    progress.reload();
    publications.reload();
    campaigns.reload();
  };
  // Publication is a job (issue 19): the request checks at once whether it may happen (a refusal lists what
  // blocks it), then the reports process consolidates and freezes the tables while this page shows its progress.
  const decision = useRef<DecisionForm>(undefined);
  const startPublish = useCallback(
    async () =>
      (
        await call(
          api.POST('/api/campaigns/{id}/publications', {
            params: { path: { id: id! } },
            body: decisionBody(decision.current!),
          }),
        )
      ).job,
    [id],
  );
  // Seen running on this page and now done: say so once and show the frozen tables.
  const publishing = useDecisionJob(id, 'publication', startPublish, () => {
    void message.success(t('Đã công bố kết quả.', 'Results published.'));
    reloadAll();
  });
  const job = publishing.job;

  // A correction (đính chính) is a job too, checked at once (a bad leaf or points, another correction under way:
  // refused in Vietnamese, the dialog keeps what was typed), then frozen as revision n+1 by the reports process.
  const [correctionForm] = Form.useForm<CorrectionForm>();
  const [correcting, setCorrecting] = useState(false);
  const correctionSent = useRef<CorrectionForm>(undefined);
  const startCorrection = useCallback(async () => {
    const v = correctionSent.current!;
    const changes = (v.changes ?? []).map((c) => ({
      unitId: c.unitId,
      criterionCode: c.criterionCode.trim(),
      points: c.points.trim(),
      reason: c.reason.trim(),
    }));
    return (
      await call(
        api.POST('/api/campaigns/{id}/publications/corrections', {
          params: { path: { id: id! } },
          body: { ...decisionBody(v), reason: v.reason.trim(), ...(changes.length ? { changes } : {}) },
        }),
      )
    ).job;
  }, [id]);
  // Which revision the tables show: the current one unless an earlier one was chosen.
  const [viewing, setViewing] = useState<number>();
  const correction = useDecisionJob(id, 'correction', startCorrection, (done) => {
    void message.success(
      t(
        `Đã ban hành đính chính: lần ban hành ${done.revision} là bản hiện hành.`,
        `Correction issued: revision ${done.revision} is now current.`,
      ),
    );
    correctionForm.resetFields();
    setViewing(undefined);
    reloadAll();
  });
  const correctionJob = correction.job;
  useEffect(() => {
    // Accepted (202): the dialog closes and the page shows the job's progress. Opened on a page where one already
    // runs, the dialog stays shut (the action is disabled until it ends).
    if (correctionJob && isLiveJob(correctionJob)) {
      setCorrecting(false);
    }
  }, [correctionJob]);
  // A change names a unit of the current tables, by name, under its table (the server checks the leaf and points).
  const unitOptions = useMemo<UnitGroupOption[]>(() => {
    const current = publications.data?.find((p) => p.current);
    return (current?.tables ?? []).map((tb) => ({
      label: tb.groupName,
      options: tb.rows
        .map((r) => ({ value: r.unitId, label: r.unitName }))
        .sort((a, b) => a.label.localeCompare(b.label, 'vi')),
    }));
  }, [publications.data]);
  useEffect(() => {
    if (publishing.error) {
      // A refusal lists what is missing (units, tasks, clarifications): kept on screen, not a passing toast; the
      // decision form keeps what was typed.
      modal.error({ title: t('Chưa thực hiện được', 'Not done'), content: publishing.error });
    }
    // On a new refusal only.
  }, [publishing.error]);

  if (!current || !id) {
    return <NoCampaign />;
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
      reloadAll();
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

  const nextRevision = (latest?.revision ?? 0) + 1;
  const confirmCorrection = (v: CorrectionForm) =>
    confirm(
      t(
        `Ban hành đính chính theo Quyết định ${v.decisionNumber}?`,
        `Issue the correction under decision ${v.decisionNumber}?`,
      ),
      t(
        `Các bảng hiện hành được thay bằng lần ban hành ${nextRevision}` +
          (v.changes?.length ? `, tính lại sau ${v.changes.length} thay đổi điểm` : '') +
          '; lần ban hành trước vẫn xem được.',
        `The current tables are replaced by revision ${nextRevision}` +
          (v.changes?.length ? `, recomputed after ${v.changes.length} score change(s)` : '') +
          '; the earlier revision stays readable.',
      ),
      t('Ban hành đính chính', 'Issue correction'),
      () => {
        correctionSent.current = v;
        void correction.ask();
      },
    );
  const correctionRunning = isLiveJob(correctionJob);

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
            <DecisionJobProgress
              job={job!}
              title={t('Đang công bố kết quả…', 'Publishing…')}
              what={['việc công bố', 'the publication']}
            />
          ) : !approval.published ? (
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {job?.state === 'failed' ? (
                <FailedJob
                  job={job}
                  en={['Not published.', 'Nothing was recorded. Check the decision and publish again.']}
                />
              ) : null}
              <Form<DecisionForm>
                form={form}
                layout="inline"
                initialValues={{ decisionDate: dayjs(), signerTitle: 'Chủ tịch UBND' }}
                onFinish={confirmPublish}
              >
                <DecisionFields inline />
                <Button type="primary" htmlType="submit" loading={busy || publishing.asking}>
                  {t('Công bố kết quả', 'Publish')}
                </Button>
              </Form>
            </Space>
          ) : (
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              <Alert
                type="success"
                showIcon
                title={t('Kết quả đã được công bố.', 'The results are published.')}
                action={<Link to="/public/rankings">{t('Trang công khai', 'Public page')}</Link>}
              />
              {correctionRunning ? (
                <DecisionJobProgress
                  job={correctionJob!}
                  what={['việc đính chính', 'the correction']}
                  title={t(
                    `Đang ban hành đính chính (lần ban hành ${correctionJob!.revision ?? nextRevision})…`,
                    `Issuing the correction (revision ${correctionJob!.revision ?? nextRevision})…`,
                  )}
                />
              ) : correctionJob?.state === 'failed' ? (
                <FailedJob
                  job={correctionJob}
                  en={[
                    'The correction was not issued.',
                    'Nothing was recorded. Check the correction and issue it again.',
                  ]}
                />
              ) : null}
              {hasRole('admin') ? (
                <Space wrap>
                  <Button icon={<FileSyncOutlined />} disabled={correctionRunning} onClick={() => setCorrecting(true)}>
                    {t('Ban hành đính chính…', 'Issue a correction…')}
                  </Button>
                  <Typography.Text type="secondary">
                    {t(
                      'Bảng đã công bố không sửa được; sai sót được sửa bằng quyết định đính chính (lần ban hành mới).',
                      'A published table cannot be edited; a mistake is fixed by a correction decision (a new revision).',
                    )}
                  </Typography.Text>
                </Space>
              ) : null}
            </Space>
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
        <PublishedRevisionCard
          campaignId={id}
          revisions={publications.data ?? []}
          viewing={viewing}
          onView={setViewing}
        />
      ) : null}
      {hasRole('admin') && latest ? (
        <CorrectionModal
          open={correcting}
          form={correctionForm}
          nextRevision={nextRevision}
          // The same signer as a rule: prefilled from the decision it corrects.
          initialValues={{
            decisionDate: dayjs(),
            signerName: latest.signerName,
            signerTitle: latest.signerTitle ?? '',
          }}
          units={unitOptions}
          sending={correction.asking}
          refusal={correction.error}
          onSubmit={confirmCorrection}
          onCancel={() => setCorrecting(false)}
        />
      ) : null}
    </Space>
  );
}
