/** A council member records a score adjustment for one leaf of one unit, with the reason the minutes quote. */
import { Alert, App, Button, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useAuth } from '../../auth';
import { milli } from '../../components/ranking-table';
import { errorText } from '../../components/states';
import { formatNumber } from '../../lib/format';
import { useLang } from '../../lib/i18n';
import { useAsync } from '../../lib/use-async';
import { allFor, RulesLine, VoteFields, type Votes } from './votes';

type Session = Schemas['CouncilSessionView'];

export function AdjustmentForm({
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
  const [form] = Form.useForm<
    {
      unitId: number;
      criterionCode: string;
      points: string;
      reason: string;
      proposedByMemberId?: number;
    } & Votes
  >();
  // A refusal (vote short of quorum or threshold, points out of range) stays in the form with everything typed.
  const [refusal, setRefusal] = useState<string>();
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
  const add = async (
    v: {
      unitId: number;
      criterionCode: string;
      points: string;
      reason: string;
      proposedByMemberId?: number;
    } & Votes,
  ) => {
    const proposedByMemberId = v.proposedByMemberId ?? me?.id;
    if (proposedByMemberId === undefined) {
      form.setFields([
        { name: 'proposedByMemberId', errors: [t('Chọn thành viên đề xuất', 'Choose who proposes it')] },
      ]);
      return;
    }
    setBusy(true);
    setRefusal(undefined);
    try {
      await call(
        api.POST('/api/campaigns/{id}/council/sessions/{sessionId}/adjustments', {
          params: { path: { id: campaignId, sessionId: session.id } },
          body: { ...v, points: v.points.trim(), proposedByMemberId },
        }),
      );
      void message.success(t('Đã ghi điều chỉnh của Hội đồng.', 'Adjustment recorded.'));
      form.resetFields(['criterionCode', 'points', 'reason', 'votesFor', 'votesAgainst', 'votesAbstain']);
      onDone();
    } catch (e) {
      setRefusal(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => void add(v)}
      size="small"
      initialValues={allFor(session.votingMembers)}
    >
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
            // The criterion's title with its code: members choose by what it is about, not by its number.
            popupMatchSelectWidth={520}
            loading={detail.loading}
            options={(detail.data?.leaves ?? [])
              .filter((l) => !l.survey)
              .map((l) => ({
                value: l.code,
                label: `${l.code} ${l.title} — ${t('hiện', 'now')} ${formatNumber(milli(l.finalMilli))}/${formatNumber(milli(l.maxMilli))}`,
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
      <div style={{ marginBottom: 8 }}>
        <RulesLine rules={session.rules} votingMembers={session.votingMembers} />
      </div>
      <VoteFields max={session.votingMembers} />
      {refusal ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('Chưa ghi được điều chỉnh', 'Adjustment not recorded')}
          description={refusal}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('Ghi điều chỉnh', 'Record adjustment')}
      </Button>
    </Form>
  );
}
