/**
 * Ask the unit to clarify some leaves by a day. The modal closes only once the api has the request; on any
 * failure it stays open with everything typed (the form is reset only after a request is sent). The criteria are
 * a checkbox list, so no dropdown covers the text box; past days cannot be chosen.
 */
import { Checkbox, DatePicker, Form, Input, Modal } from 'antd';
import dayjs from 'dayjs';
import { useLang } from '../../lib/i18n';
import type { ClarificationRequest, Task, TaskModel } from './use-task';

export function ClarificationModal({
  data,
  model,
  open,
  onClose,
}: {
  data: Task;
  model: TaskModel;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useLang();
  const [form] = Form.useForm<ClarificationRequest>();
  const send = async (v: ClarificationRequest) => {
    if (await model.actions.askClarification(v)) {
      form.resetFields();
      onClose();
    }
  };
  return (
    <Modal
      open={open}
      title={t('Yêu cầu đơn vị giải trình', 'Ask the unit to clarify')}
      okText={t('Gửi yêu cầu', 'Send request')}
      cancelText={t('Hủy', 'Cancel')}
      confirmLoading={model.saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ criterionCodes: [], request: '', due: dayjs().add(5, 'day') }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item
          name="criterionCodes"
          label={t('Tiêu chí cần giải trình', 'Criteria')}
          rules={[{ required: true, message: t('Chọn ít nhất một tiêu chí.', 'Choose at least one criterion.') }]}
        >
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
            {data.leaves.map((l) => (
              <Checkbox key={l.code} value={l.code}>
                {l.code} {l.title}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item
          name="request"
          label={t('Nội dung yêu cầu', 'Request')}
          rules={[
            {
              required: true,
              min: 3,
              message: t('Viết nội dung yêu cầu (ít nhất 3 ký tự).', 'Write the request (at least 3 characters).'),
            },
          ]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="due" label={t('Hạn trả lời (hết ngày)', 'Reply by (end of day)')} rules={[{ required: true }]}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
