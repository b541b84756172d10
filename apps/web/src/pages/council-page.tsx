/**
 * Secretariat and council: the appraisal council session (Hội đồng thẩm định) — members, the agenda (the
 * consolidation table), score adjustments with their reasons, approval by the chair, and the minutes (.docx).
 */
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useAuth } from '../auth';
import { ConsolidationTable } from './consolidation-page';
import { milli } from '../components/ranking-table';
import { EmptyState, ErrorState, errorText, Loading } from '../components/states';
import { useCampaign } from '../lib/campaign-context';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type Session = Schemas['CouncilSessionView'];
type Adjustment = Schemas['CouncilAdjustmentView'];

const ROLE_NAMES: Record<string, [string, string]> = {
  chair: ['Chủ tịch Hội đồng', 'Chair'],
  vice_chair: ['Phó Chủ tịch', 'Vice chair'],
  member: ['Thành viên', 'Member'],
  secretary: ['Thư ký', 'Secretary'],
};

function NewSession({ campaignId, onCreated }: { campaignId: number; onCreated: () => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ heldOn: Dayjs; location: string; chairUserId: number; secretary: string }>();
  const [busy, setBusy] = useState(false);
  const councillors = useAsync(
    () => call(api.GET('/api/admin/users', { params: { query: { role: 'council_member', pageSize: 200 } } })),
    [],
  );
  const create = async (v: { heldOn: Dayjs; location: string; chairUserId: number; secretary: string }) => {
    setBusy(true);
    try {
      const chair = councillors.data?.items.find((u) => u.id === v.chairUserId);
      const members = [
        { fullName: chair?.fullName ?? '', role: 'chair' as const, userId: v.chairUserId },
        ...(councillors.data?.items ?? [])
          .filter((u) => u.id !== v.chairUserId)
          .map((u) => ({ fullName: u.fullName, role: 'member' as const, userId: u.id })),
        ...(v.secretary ? [{ fullName: v.secretary, role: 'secretary' as const }] : []),
      ];
      await call(
        api.POST('/api/campaigns/{id}/council/sessions', {
          params: { path: { id: campaignId } },
          body: { heldOn: v.heldOn.format('YYYY-MM-DD'), location: v.location || undefined, members },
        }),
      );
      void message.success(t('Đã lập phiên họp Hội đồng.', 'Council session created.'));
      onCreated();
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('Lập phiên họp Hội đồng thẩm định', 'New council session')}>
      <Form form={form} layout="inline" initialValues={{ heldOn: dayjs() }} onFinish={(v) => void create(v)}>
        <Form.Item name="heldOn" label={t('Ngày họp', 'Date')} rules={[{ required: true }]}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item name="location" label={t('Địa điểm', 'Location')}>
          <Input style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="chairUserId" label={t('Chủ tịch Hội đồng', 'Chair')} rules={[{ required: true }]}>
          <Select
            style={{ width: 220 }}
            loading={councillors.loading}
            options={(councillors.data?.items ?? []).map((u) => ({ value: u.id, label: u.fullName }))}
            notFoundContent={t('Chưa có tài khoản vai trò "Thành viên Hội đồng"', 'No council_member account yet')}
          />
        </Form.Item>
        <Form.Item name="secretary" label={t('Thư ký', 'Secretary')}>
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy}>
          {t('Lập phiên họp', 'Create')}
        </Button>
      </Form>
    </Card>
  );
}

function AdjustmentForm({
  campaignId,
  session,
  agenda,
  onDone,
}: {
  campaignId: number;
  session: Session;
  agenda: Schemas['ConsolidationView'];
  onDone: () => void;
}) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [form] = Form.useForm<{
    unitId: number;
    criterionCode: string;
    points: string;
    reason: string;
    proposedByMemberId?: number;
  }>();
  const unitId = Form.useWatch('unitId', form);
  const detail = useAsync(
    () =>
      unitId
        ? call(api.GET('/api/campaigns/{id}/units/{unitId}/result', { params: { path: { id: campaignId, unitId } } }))
        : Promise.resolve(undefined),
    [unitId],
  );
  const [busy, setBusy] = useState(false);
  const units = agenda.tables.flatMap((g) => g.units.map((u) => ({ value: u.unitId, label: `${u.unitName}` })));
  const me = session.members.find((m) => m.userId === user?.id);
  const add = async (v: {
    unitId: number;
    criterionCode: string;
    points: string;
    reason: string;
    proposedByMemberId?: number;
  }) => {
    const proposedByMemberId = v.proposedByMemberId ?? me?.id;
    if (proposedByMemberId === undefined) {
      form.setFields([
        { name: 'proposedByMemberId', errors: [t('Chọn thành viên đề xuất', 'Choose who proposes it')] },
      ]);
      return;
    }
    setBusy(true);
    try {
      await call(
        api.POST('/api/campaigns/{id}/council/sessions/{sessionId}/adjustments', {
          params: { path: { id: campaignId, sessionId: session.id } },
          body: { ...v, points: v.points.trim(), proposedByMemberId },
        }),
      );
      void message.success(t('Đã ghi điều chỉnh của Hội đồng.', 'Adjustment recorded.'));
      form.resetFields(['criterionCode', 'points', 'reason']);
      onDone();
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void add(v)} size="small">
      <Space.Compact block style={{ gap: 8, alignItems: 'flex-start' }}>
        <Form.Item name="unitId" label={t('Đơn vị', 'Unit')} rules={[{ required: true }]} style={{ width: 240 }}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={units} />
        </Form.Item>
        <Form.Item
          name="criterionCode"
          label={t('Tiêu chí', 'Criterion')}
          rules={[{ required: true }]}
          style={{ width: 300 }}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={detail.loading}
            options={(detail.data?.leaves ?? [])
              .filter((l) => !l.survey)
              .map((l) => ({
                value: l.code,
                label: `${l.code} — ${t('hiện', 'now')} ${formatNumber(milli(l.finalMilli))}/${formatNumber(milli(l.maxMilli))}`,
              }))}
          />
        </Form.Item>
        <Form.Item
          name="points"
          label={t('Điểm Hội đồng', 'Council points')}
          rules={[{ required: true }]}
          style={{ width: 120 }}
        >
          <Input inputMode="decimal" placeholder="1,5" />
        </Form.Item>
        <Form.Item name="proposedByMemberId" label={t('Người đề xuất', 'Proposed by')} style={{ width: 200 }}>
          <Select
            allowClear
            options={session.members.map((m) => ({ value: m.id, label: m.fullName }))}
            placeholder={me?.fullName}
          />
        </Form.Item>
      </Space.Compact>
      <Form.Item
        name="reason"
        label={t('Lý do điều chỉnh (bắt buộc, ghi vào biên bản)', 'Reason (required, goes into the minutes)')}
        rules={[{ required: true, min: 3 }]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('Ghi điều chỉnh', 'Record adjustment')}
      </Button>
    </Form>
  );
}

export default function CouncilPage() {
  const { t, lang } = useLang();
  const { message, modal } = App.useApp();
  const { hasRole } = useAuth();
  const { current } = useCampaign();
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
    return (
      <Card>
        <EmptyState title={t('Chưa có đợt đánh giá.', 'No campaign yet.')} />
      </Card>
    );
  }
  if (sessions.loading && !sessions.data) {
    return <Loading />;
  }
  if (sessions.error) {
    return <ErrorState error={sessions.error} onRetry={sessions.reload} />;
  }
  const canEdit = hasRole('admin', 'council_member') && session?.status === 'open';

  const approve = () => {
    let conclusions = '';
    modal.confirm({
      title: t('Thông qua kết quả của Hội đồng?', 'Approve the council result?'),
      content: (
        <Input.TextArea
          rows={3}
          aria-label={t('Kết luận', 'Conclusions')}
          placeholder={t('Kết luận của Hội đồng', 'Conclusions')}
          onChange={(e) => (conclusions = e.target.value)}
        />
      ),
      okText: t('Thông qua', 'Approve'),
      cancelText: t('Hủy', 'Cancel'),
      onOk: async () => {
        try {
          await call(
            api.POST('/api/campaigns/{id}/council/sessions/{sessionId}/approve', {
              params: { path: { id: current.id, sessionId: session!.id } },
              body: { conclusions: conclusions || undefined },
            }),
          );
          void message.success(t('Hội đồng đã thông qua kết quả.', 'Council result approved.'));
          sessions.reload();
        } catch (e) {
          void message.error(errorText(e, lang));
          throw e;
        }
      },
    });
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('Hội đồng thẩm định', 'Appraisal council')}
      </Typography.Title>
      {!session ? (
        hasRole('admin') ? (
          <NewSession campaignId={current.id} onCreated={sessions.reload} />
        ) : (
          <Card>
            <EmptyState
              title={t(
                'Chưa có phiên họp Hội đồng. Văn phòng thường trực sẽ lập phiên họp khi kết thúc thẩm định.',
                'No council session yet. The secretariat opens one after appraisal.',
              )}
            />
          </Card>
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
                <a href={`/api/campaigns/${current.id}/council/sessions/${session.id}/minutes.docx`}>
                  <Button size="small" icon={<DownloadOutlined />}>
                    {t('Biên bản (.docx)', 'Minutes (.docx)')}
                  </Button>
                </a>
                {canEdit ? (
                  <Button type="primary" size="small" onClick={approve}>
                    {t('Thông qua kết quả', 'Approve result')}
                  </Button>
                ) : null}
              </Space>
            }
          >
            <Descriptions size="small" column={3}>
              <Descriptions.Item label={t('Địa điểm', 'Location')}>{session.location ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('Thành viên', 'Members')} span={2}>
                {session.members
                  .map((m) => `${m.fullName} (${ROLE_NAMES[m.role]?.[lang === 'vi' ? 0 : 1] ?? m.role})`)
                  .join('; ')}
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
                      <Table<Adjustment>
                        rowKey="id"
                        size="small"
                        pagination={false}
                        dataSource={session.adjustments}
                        locale={{ emptyText: t('Hội đồng chưa điều chỉnh điểm nào.', 'No adjustment yet.') }}
                        columns={[
                          { title: t('Đơn vị', 'Unit'), dataIndex: 'unitName' },
                          { title: t('Tiêu chí', 'Criterion'), dataIndex: 'criterionCode', width: 90 },
                          {
                            title: t('Điểm trước', 'Before'),
                            dataIndex: 'previousMilli',
                            width: 90,
                            align: 'right' as const,
                            render: (v: number | null) => formatNumber(milli(v)),
                          },
                          {
                            title: t('Điểm Hội đồng', 'Council'),
                            dataIndex: 'councilMilli',
                            width: 110,
                            align: 'right' as const,
                            render: (v: number) => <strong>{formatNumber(milli(v))}</strong>,
                          },
                          { title: t('Lý do', 'Reason'), dataIndex: 'reason' },
                          { title: t('Đề xuất', 'Proposed by'), dataIndex: 'proposedBy', width: 160 },
                        ]}
                      />
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
