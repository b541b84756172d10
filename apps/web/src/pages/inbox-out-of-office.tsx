/**
 * "Vắng mặt": an appraiser names who takes their work while they are away (GET/POST/DELETE
 * /api/inbox/out-of-office). While a period runs, a task assigned to them goes to the substitute and keeps them as
 * its original assignee. Days are whole local days: from 00:00 of the first to 00:00 after the last (Vietnam time).
 * A refused period (the substitute is not of the organisation, the days are in the wrong order) keeps the form.
 */
import { DatePicker, Form, Input, List, Modal, Popconfirm, Select, Button, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call } from '../api/client';
import { useAuth } from '../auth';
import { errorText } from '../components/states';
import { formatDate, formatDeadline } from '../lib/format';
import { useLang } from '../lib/i18n';
import { deadlineOfLastDay } from '../lib/phase-order';
import { useAsync } from '../lib/use-async';

interface PeriodForm {
  substituteUserId: number;
  days: [Dayjs, Dayjs];
  note?: string;
}

export function OutOfOfficeModal(p: { open: boolean; onClose: () => void }) {
  const { t, lang } = useLang();
  const { user } = useAuth();
  const [form] = Form.useForm<PeriodForm>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const periods = useAsync(() => (p.open ? call(api.GET('/api/inbox/out-of-office')) : Promise.resolve([])), [p.open]);
  const people = useAsync(() => (p.open ? call(api.GET('/api/inbox/assignees')) : Promise.resolve([])), [p.open]);
  const nameOf = (id: number) => (people.data ?? []).find((u) => u.id === id)?.fullName ?? `#${id}`;

  const add = async (v: PeriodForm) => {
    setBusy(true);
    setRefusal(null);
    try {
      await call(
        api.POST('/api/inbox/out-of-office', {
          body: {
            substituteUserId: v.substituteUserId,
            startsAt: `${v.days[0].format('YYYY-MM-DD')}T00:00:00+07:00`,
            endsAt: deadlineOfLastDay(v.days[1]),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          },
        }),
      );
      form.resetFields();
      periods.reload();
    } catch (e) {
      setRefusal(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: number) => {
    try {
      await call(api.DELETE('/api/inbox/out-of-office/{id}', { params: { path: { id } } }));
      periods.reload();
    } catch (e) {
      setRefusal(errorText(e, lang));
    }
  };

  return (
    <Modal
      open={p.open}
      title={t('Vắng mặt và người thay thế', 'Out of office and substitute')}
      footer={null}
      onCancel={() => (setRefusal(null), p.onClose())}
    >
      <Typography.Paragraph type="secondary">
        {t(
          'Trong những ngày vắng mặt, việc được giao cho bạn sẽ chuyển cho người thay thế (bạn vẫn được ghi là người được giao ban đầu).',
          'While you are away, tasks assigned to you go to your substitute (you stay recorded as the original assignee).',
        )}
      </Typography.Paragraph>
      <List
        size="small"
        data-testid="out-of-office-list"
        loading={periods.loading}
        locale={{ emptyText: t('Chưa đăng ký ngày vắng mặt nào.', 'No absence registered.') }}
        dataSource={periods.data ?? []}
        renderItem={(o) => (
          <List.Item
            actions={[
              <Popconfirm
                key="remove"
                title={t('Xóa khoảng vắng mặt này?', 'Remove this absence?')}
                okText={t('Xóa', 'Remove')}
                cancelText={t('Hủy', 'Cancel')}
                onConfirm={() => void remove(o.id)}
              >
                <Button size="small" danger>
                  {t('Xóa', 'Remove')}
                </Button>
              </Popconfirm>,
            ]}
          >
            {t(
              `${formatDate(o.startsAt)} – ${formatDeadline(o.endsAt)}: ${nameOf(o.substituteUserId)} thay thế`,
              `${formatDate(o.startsAt)} – ${formatDeadline(o.endsAt)}: ${nameOf(o.substituteUserId)} substitutes`,
            )}
            {o.note ? ` (${o.note})` : ''}
          </List.Item>
        )}
      />
      <Form<PeriodForm> form={form} layout="vertical" onFinish={(v) => void add(v)} style={{ marginTop: 12 }}>
        <Form.Item
          name="substituteUserId"
          label={t('Người thay thế', 'Substitute')}
          rules={[{ required: true, message: t('Chọn người thay thế.', 'Choose a substitute.') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={people.loading}
            options={(people.data ?? [])
              .filter((u) => u.id !== user?.id)
              .map((u) => ({ value: u.id, label: `${u.fullName} (${u.username})` }))}
          />
        </Form.Item>
        <Form.Item
          name="days"
          label={t('Từ ngày – đến hết ngày', 'From – to (inclusive)')}
          rules={[{ required: true, message: t('Chọn ngày đầu và ngày cuối.', 'Choose the first and last day.') }]}
        >
          <DatePicker.RangePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item name="note" label={t('Ghi chú', 'Note')}>
          <Input maxLength={255} />
        </Form.Item>
        {refusal ? (
          <Typography.Paragraph type="danger" data-testid="out-of-office-refusal">
            {refusal}
          </Typography.Paragraph>
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('Thêm khoảng vắng mặt', 'Add absence')}
        </Button>
      </Form>
    </Modal>
  );
}
