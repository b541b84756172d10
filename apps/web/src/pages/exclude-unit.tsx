/**
 * The secretariat sets aside a unit that never submitted (merged, dissolved, exempted), with a required reason:
 * decisions then accept it as "excluded with a reason", and every ranking table lists it as not ranked, quoting
 * the reason. The dialog names that consequence; a refusal stays in it with the reason typed.
 */
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { errorText } from '../components/states';
import { useLang } from '../lib/i18n';

type UnitResult = Schemas['UnitResultView'];

const NOT_SUBMITTED = ['draft', 'locked'];

/** A link that wraps in its narrow "Lưu ý" cell (at 1024 px its one line stuck 10 px out of the table). */
const LINK_STYLE = { whiteSpace: 'normal', height: 'auto', paddingInline: 0, textAlign: 'start' } as const;

export function ExcludeUnitAction({
  campaignId,
  unit,
  onChanged,
}: {
  campaignId: number;
  unit: UnitResult;
  onChanged: () => void;
}) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [form] = Form.useForm<{ reason: string }>();
  const path = { params: { path: { id: campaignId, unitId: unit.unitId } } };

  if (unit.excludedReason !== null) {
    return (
      <Popconfirm
        title={t(`Đưa ${unit.unitName} trở lại xếp hạng?`, `Rank ${unit.unitName} again?`)}
        description={t(
          'Đơn vị lại được tính là chưa nộp biểu: các quyết định sẽ dừng lại cho đến khi đơn vị nộp hoặc bị loại lại.',
          'The unit counts as not submitted again: decisions stop until it submits or is excluded again.',
        )}
        okText={t('Đưa trở lại', 'Rank again')}
        cancelText={t('Hủy', 'Cancel')}
        onConfirm={() => {
          void call(api.DELETE('/api/campaigns/{id}/units/{unitId}/exclusion', path)).then(
            () => {
              void message.success(t('Đã đưa đơn vị trở lại xếp hạng.', 'The unit is ranked again.'));
              onChanged();
            },
            (e: unknown) => void message.error(errorText(e, lang)),
          );
        }}
      >
        <Button size="small" type="link" style={LINK_STYLE}>
          {t('Đưa trở lại xếp hạng', 'Rank again')}
        </Button>
      </Popconfirm>
    );
  }
  if (!NOT_SUBMITTED.includes(unit.sheetState ?? 'draft')) {
    return null;
  }
  const submit = async (v: { reason: string }) => {
    setBusy(true);
    setRefusal(undefined);
    try {
      await call(api.PUT('/api/campaigns/{id}/units/{unitId}/exclusion', { ...path, body: { reason: v.reason } }));
      setOpen(false);
      void message.success(t('Đã loại đơn vị khỏi xếp hạng.', 'The unit is excluded from the ranking.'));
      onChanged();
    } catch (e) {
      setRefusal(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" type="link" style={LINK_STYLE} onClick={() => setOpen(true)}>
        {t('Loại khỏi xếp hạng…', 'Exclude…')}
      </Button>
      <Modal
        open={open}
        title={t(`Loại ${unit.unitName} khỏi xếp hạng?`, `Exclude ${unit.unitName} from the ranking?`)}
        okText={t('Loại khỏi xếp hạng', 'Exclude')}
        cancelText={t('Hủy', 'Cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ margin: 0 }}>
            {t(
              'Đơn vị chưa nộp biểu tự chấm điểm. Khi loại, đơn vị không được xếp hạng và xếp loại; Hội đồng, lãnh đạo và quyết định công bố coi đơn vị là "đã loại, có lý do", và lý do được ghi cạnh tên đơn vị trong các bảng xếp hạng công bố. Có thể đưa đơn vị trở lại trước khi công bố.',
              'The unit has not submitted. Once excluded it is neither ranked nor classed; the council, leadership and the publication treat it as "excluded with a reason", and the reason is printed by its name in the published tables. It can be taken back before publication.',
            )}
          </Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
            <Form.Item
              name="reason"
              label={t('Lý do loại (bắt buộc)', 'Reason (required)')}
              rules={[
                {
                  required: true,
                  min: 5,
                  message: t('Hãy ghi lý do (ít nhất 5 ký tự).', 'Give a reason (5 characters at least).'),
                },
              ]}
            >
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          </Form>
          {refusal ? <Alert type="error" showIcon role="alert" title={refusal} /> : null}
        </Space>
      </Modal>
    </>
  );
}
