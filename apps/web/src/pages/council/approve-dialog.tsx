/**
 * The chair approves the council's result: the consequence first (scores freeze, the session closes, leadership
 * decides next), then the conclusions and the vote. A refusal — units not submitted, a vote without quorum or
 * short of the threshold — stays in the dialog with everything typed, saying what is missing.
 */
import { Alert, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { errorText } from '../../components/states';
import { useLang } from '../../lib/i18n';
import { allFor, RulesLine, VoteFields, type Votes } from './votes';

type Session = Schemas['CouncilSessionView'];

export function ApproveDialog({
  campaignId,
  session,
  open,
  onClose,
  onApproved,
}: {
  campaignId: number;
  session: Session;
  open: boolean;
  onClose: () => void;
  onApproved: () => void;
}) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<{ conclusions?: string } & Votes>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();

  const submit = async (v: { conclusions?: string } & Votes) => {
    setBusy(true);
    setRefusal(undefined);
    try {
      await call(
        api.POST('/api/campaigns/{id}/council/sessions/{sessionId}/approve', {
          params: { path: { id: campaignId, sessionId: session.id } },
          body: {
            conclusions: v.conclusions?.trim() || undefined,
            votesFor: v.votesFor,
            votesAgainst: v.votesAgainst,
            votesAbstain: v.votesAbstain,
          },
        }),
      );
      onApproved();
    } catch (e) {
      setRefusal(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('Thông qua kết quả của Hội đồng?', 'Approve the council result?')}
      okText={t('Thông qua', 'Approve')}
      cancelText={t('Hủy', 'Cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden={false}
      width={620}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ margin: 0 }}>
          {t(
            'Khi thông qua, điểm của mọi đơn vị được chốt theo bảng tổng hợp dưới đây, phiên họp đóng lại và không điều chỉnh thêm được; kết quả chuyển sang lãnh đạo phê duyệt.',
            'Approving freezes every unit’s score as in the table below, closes the session (no more adjustments) and sends the result to leadership.',
          )}
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          initialValues={allFor(session.votingMembers)}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="conclusions" label={t('Kết luận', 'Conclusions')}>
            <Input.TextArea rows={3} placeholder={t('Kết luận của Hội đồng', 'Conclusions')} />
          </Form.Item>
          <div style={{ marginBottom: 8 }}>
            <RulesLine rules={session.rules} votingMembers={session.votingMembers} />
          </div>
          <VoteFields max={session.votingMembers} />
        </Form>
        {refusal ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('Chưa thông qua được', 'Not approved')}
            description={refusal}
          />
        ) : null}
      </Space>
    </Modal>
  );
}
