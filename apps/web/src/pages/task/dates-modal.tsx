/**
 * A supervisor moves a task's due date and its follow-up date (PATCH /api/inbox/tasks/{id}/dates). The due date is
 * given as its last day (the task locks at 00:00 the day after, Vietnam time, as every deadline on screen); the
 * follow-up date is the day from which the inbox marks the task "cần đôn đốc" — it moves no deadline. A refusal
 * (after the due date, a closed appraisal phase) stays in the dialog with what was chosen.
 */
import { DatePicker, Form, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { errorText } from '../../components/states';
import { useLang } from '../../lib/i18n';
import { deadlineOfLastDay } from '../../lib/phase-order';
import type { Task } from './use-task';

interface DatesForm {
  lastDay: Dayjs;
  followUp: Dayjs | null;
}

export function DatesModal(p: { data: Task; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<DatesForm>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  // The last day the task accepts work: the exclusive instant minus a moment.
  const lastDay = dayjs(new Date(Date.parse(p.data.dueAt) - 1));
  const save = async (v: DatesForm) => {
    setBusy(true);
    setRefusal(null);
    try {
      await call(
        api.PATCH('/api/inbox/tasks/{id}/dates', {
          params: { path: { id: p.data.id } },
          body: {
            // Only a changed day moves the due instant (an unchanged one keeps it exactly as it is).
            ...(v.lastDay.isSame(lastDay, 'day') ? {} : { dueAt: deadlineOfLastDay(v.lastDay) }),
            followUpAt: v.followUp ? `${v.followUp.format('YYYY-MM-DD')}T00:00:00+07:00` : null,
          },
        }),
      );
      p.onSaved();
      p.onClose();
    } catch (e) {
      setRefusal(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={p.open}
      title={t('Đổi hạn và ngày theo dõi', 'Change the due and follow-up dates')}
      okText={t('Lưu', 'Save')}
      cancelText={t('Hủy', 'Cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => (setRefusal(null), p.onClose())}
      destroyOnHidden
    >
      <Form<DatesForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{
          lastDay,
          followUp: p.data.followUpAt ? dayjs(p.data.followUpAt) : null,
        }}
      >
        <Form.Item
          name="lastDay"
          label={t('Hạn (ngày cuối)', 'Due (last day)')}
          rules={[{ required: true, message: t('Chọn ngày cuối của hạn.', 'Choose the last day.') }]}
          extra={t(
            'Nhiệm vụ khóa lúc 00:00 ngày hôm sau (giờ Việt Nam).',
            'The task locks at 00:00 the next day (Vietnam time).',
          )}
        >
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item
          name="followUp"
          label={t('Ngày theo dõi', 'Follow-up day')}
          extra={t(
            'Từ ngày này hộp việc đánh dấu nhiệm vụ "cần đôn đốc"; ngày theo dõi không đổi hạn và phải trước hạn.',
            'From this day the inbox marks the task to follow up; it moves no deadline and must come before the due date.',
          )}
        >
          <DatePicker format="DD/MM/YYYY" allowClear />
        </Form.Item>
      </Form>
      {refusal ? (
        <Typography.Paragraph type="danger" data-testid="dates-refusal">
          {refusal}
        </Typography.Paragraph>
      ) : null}
    </Modal>
  );
}
