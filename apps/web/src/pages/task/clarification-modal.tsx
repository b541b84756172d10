/** Ask the unit to clarify some leaves by a day; the modal closes only once the api has the request. */
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
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
  useEffect(() => {
    if (open) {
      form.setFieldsValue({ criterionCodes: [], request: '', due: dayjs().add(5, 'day') });
    }
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={t('Yêu cầu đơn vị giải trình', 'Ask the unit to clarify')}
      okText={t('Gửi yêu cầu', 'Send request')}
      cancelText={t('Hủy', 'Cancel')}
      confirmLoading={model.saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void model.actions.askClarification(v).then((sent) => (sent ? onClose() : undefined))}
      >
        <Form.Item name="criterionCodes" label={t('Tiêu chí cần giải trình', 'Criteria')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={data.leaves.map((l) => ({ value: l.code, label: `${l.code} ${l.title}` }))}
          />
        </Form.Item>
        <Form.Item name="request" label={t('Nội dung yêu cầu', 'Request')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="due" label={t('Hạn trả lời (hết ngày)', 'Reply by (end of day)')} rules={[{ required: true }]}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
