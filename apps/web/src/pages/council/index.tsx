/**
 * Secretariat and council: the appraisal council session (Hội đồng thẩm định) — members, the agenda (the
 * consolidation table), score adjustments with their reasons, approval by the chair, and the minutes (.docx).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Space, Tabs, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useAuth } from '../../auth';
import { ConsolidationTable } from '../consolidation-page';
import { ReportJobButton } from '../../components/report-job-button';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useCampaign, type Campaign } from '../../lib/campaign-context';
import { PROVISIONAL_STATES } from '../consolidation-page';
import { formatDate, formatDateTime, formatDeadline } from '../../lib/format';
import { label, PHASE_LABELS, useLang } from '../../lib/i18n';
import { useAsync } from '../../lib/use-async';
import { AdjustmentForm } from './adjustment-form';
import { AdjustmentsTable } from './adjustments-table';
import { ApproveDialog } from './approve-dialog';
import { RulesLine, votesText } from './votes';
import { NewSession } from './new-session';
import { NoCampaign } from '../../components/no-campaign';

type Session = Schemas['CouncilSessionView'];

const ROLE_NAMES: Record<string, [string, string]> = {
  chair: ['Chủ tịch Hội đồng', 'Chair'],
  vice_chair: ['Phó Chủ tịch', 'Vice chair'],
  member: ['Thành viên', 'Member'],
  secretary: ['Thư ký', 'Secretary'],
};

export default function CouncilPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [approving, setApproving] = useState(false);
  const { hasRole } = useAuth();
  const { current, campaigns, select } = useCampaign();
  // What this page offers depends on the campaign's phase, which moves while the app is open (a phase closed on
  // another page, a deadline passing): read it afresh on arrival rather than trust the list loaded at sign-in.
  const reloadCampaigns = campaigns.reload;
  useEffect(() => {
    reloadCampaigns();
  }, [reloadCampaigns]);
  const sessions = useAsync(
    () =>
      current
        ? call(api.GET('/api/campaigns/{id}/council/sessions', { params: { path: { id: current.id } } }))
        : Promise.resolve([] as Session[]),
    [current?.id],
  );
  const session = sessions.data?.[sessions.data.length - 1];
  const agenda = useAsync(
    () =>
      current && session
        ? call(
            api.GET('/api/campaigns/{id}/council/sessions/{sessionId}/agenda', {
              params: { path: { id: current.id, sessionId: session.id } },
            }),
          )
        : Promise.resolve(undefined),
    [current?.id, session?.id, session?.adjustments.length],
  );
  if (!current) {
    return <NoCampaign />;
  }
  if (sessions.loading && !sessions.data) {
    return <Loading />;
  }
  if (sessions.error) {
    return <ErrorState error={sessions.error} onRetry={sessions.reload} />;
  }
  const canEdit = hasRole('admin', 'council_member') && session?.status === 'open';

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t('Hội đồng thẩm định', 'Appraisal council')}
      </Typography.Title>
      {!session ? (
        // The session form only in council review: before it the api refuses (409) and the table is provisional.
        hasRole('admin') && current.state === 'councilReview' ? (
          <NewSession campaignId={current.id} onCreated={sessions.reload} />
        ) : hasRole('admin') ? (
          <Card>
            <EmptyState
              title={t(
                'Phiên họp Hội đồng được lập khi đợt đánh giá sang giai đoạn Hội đồng thẩm định (sau khi kết thúc thẩm định).',
                'A council session can be opened once the campaign reaches council review (after appraisal).',
              )}
            />
          </Card>
        ) : (
          <NoSessionYet current={current} others={campaigns.data ?? []} onOpen={select} />
        )
      ) : (
        <>
          <Card
            size="small"
            title={`${t('Phiên họp số', 'Session')} ${session.sequence} — ${formatDate(session.heldOn)}`}
            extra={
              <Space>
                <Tag color={session.status === 'approved' ? 'green' : 'blue'}>
                  {session.status === 'approved' ? t('Đã thông qua', 'Approved') : t('Đang họp', 'Open')}
                </Tag>
                {canEdit ? (
                  <Button type="primary" size="small" onClick={() => setApproving(true)}>
                    {t('Thông qua kết quả', 'Approve result')}
                  </Button>
                ) : null}
              </Space>
            }
          >
            {/* The minutes carry the whole agenda (the consolidated table): a report job, in the body so its progress
                bar never squeezes the card's title. */}
            <div style={{ marginBottom: 8 }}>
              <ReportJobButton
                campaignId={current.id}
                kind="minutes-docx"
                subjectId={session.id}
                label={['Biên bản (.docx)', 'Minutes (.docx)']}
                size="small"
              />
            </div>
            <Descriptions size="small" column={3}>
              <Descriptions.Item label={t('Địa điểm', 'Location')}>{session.location ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('Thành viên', 'Members')} span={2}>
                {session.members
                  .map((m) => `${m.fullName} (${ROLE_NAMES[m.role]?.[lang === 'vi' ? 0 : 1] ?? m.role})`)
                  .join('; ')}
              </Descriptions.Item>
              <Descriptions.Item label={t('Biểu quyết', 'Voting')} span={3}>
                {session.status === 'approved' ? (
                  `${t('Thông qua với', 'Approved with')} ${votesText(session.votes, lang)}`
                ) : (
                  <RulesLine rules={session.rules} votingMembers={session.votingMembers} />
                )}
              </Descriptions.Item>
              {session.conclusions ? (
                <Descriptions.Item label={t('Kết luận', 'Conclusions')} span={3}>
                  {session.conclusions} ({formatDateTime(session.approvedAt)})
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <Card size="small">
            <Tabs
              items={[
                {
                  key: 'adjustments',
                  label: `${t('Điều chỉnh điểm', 'Adjustments')} (${session.adjustments.length})`,
                  children: (
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      {canEdit && agenda.data ? (
                        <AdjustmentForm
                          campaignId={current.id}
                          session={session}
                          agenda={agenda.data}
                          onDone={sessions.reload}
                        />
                      ) : null}
                      <AdjustmentsTable adjustments={session.adjustments} />
                    </Space>
                  ),
                },
                {
                  key: 'agenda',
                  label: t('Bảng tổng hợp trình Hội đồng', 'Agenda (consolidation)'),
                  children: agenda.error ? (
                    <ErrorState error={agenda.error} onRetry={agenda.reload} />
                  ) : !agenda.data ? (
                    <Loading />
                  ) : (
                    <Tabs
                      size="small"
                      items={agenda.data.tables.map((g) => ({
                        key: String(g.tableNo),
                        label: g.groupName,
                        children: <ConsolidationTable units={g.units} />,
                      }))}
                    />
                  ),
                },
              ]}
            />
          </Card>
          {canEdit ? (
            <ApproveDialog
              campaignId={current.id}
              session={session}
              open={approving}
              onClose={() => setApproving(false)}
              onApproved={() => {
                setApproving(false);
                void message.success(t('Hội đồng đã thông qua kết quả.', 'Council result approved.'));
                sessions.reload();
              }}
            />
          ) : null}
          {session.status === 'approved' ? (
            <Alert
              type="success"
              showIcon
              title={t(
                'Kết quả đã được Hội đồng thông qua; chờ lãnh đạo phê duyệt và công bố.',
                'Approved by the council; awaiting leadership approval and publication.',
              )}
            />
          ) : null}
        </>
      )}
    </Space>
  );
}

/**
 * A council member on a campaign without a session (issue 17: they landed there with nothing to do): say when
 * the session comes and who opens it, and point to a campaign whose council is meeting now, if there is one.
 */
function NoSessionYet({
  current,
  others,
  onOpen,
}: {
  current: Campaign;
  others: Campaign[];
  onOpen: (id: number) => void;
}) {
  const { t, lang } = useLang();
  const appraisalEnd = current.deadlines.find((d) => d.phase === 'appraisal');
  const meeting = others.filter((c) => c.id !== current.id && c.state === 'councilReview');
  const before = PROVISIONAL_STATES.includes(current.state);
  return (
    <Card>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          title={t(
            `${current.name} chưa có phiên họp Hội đồng thẩm định.`,
            `${current.name} has no council session yet.`,
          )}
          description={
            before
              ? t(
                  `Văn phòng thường trực lập phiên họp sau khi kết thúc thẩm định${appraisalEnd?.dueAt ? ` (hạn thẩm định: ${formatDeadline(appraisalEnd.dueAt)})` : ''}. Khi phiên họp được lập, bạn sẽ thấy bảng tổng hợp trình Hội đồng và ghi điều chỉnh, biểu quyết tại trang này.`,
                  `The secretariat opens the session once appraisal ends${appraisalEnd?.dueAt ? ` (appraisal deadline: ${formatDeadline(appraisalEnd.dueAt)})` : ''}. You will then find the agenda, adjustments and votes on this page.`,
                )
              : current.state === 'councilReview'
                ? t(
                    'Thẩm định đã kết thúc; Văn phòng thường trực sẽ lập phiên họp. Khi đó bạn sẽ thấy bảng tổng hợp trình Hội đồng tại trang này.',
                    'Appraisal has ended; the secretariat will open the session. You will then find the agenda on this page.',
                  )
                : t(
                    `Đợt đánh giá đang ở giai đoạn ${label(PHASE_LABELS, current.state, lang)}; Hội đồng không họp trong đợt này nữa.`,
                    `The campaign is at ${label(PHASE_LABELS, current.state, 'en')}; the council no longer meets for it.`,
                  )
          }
        />
        {meeting.map((c) => (
          <Alert
            key={c.id}
            type="warning"
            showIcon
            title={t(`Hội đồng đang họp: ${c.name}`, `Council in session: ${c.name}`)}
            action={
              <Button type="primary" onClick={() => onOpen(c.id)}>
                {t('Mở phiên họp', 'Open the session')}
              </Button>
            }
          />
        ))}
      </Space>
    </Card>
  );
}
