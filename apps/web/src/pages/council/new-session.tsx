/** The secretariat opens the council session: date, place, chair (a council member account) and secretary. */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { errorText } from '../../components/states';
import { useLang } from '../../lib/i18n';
import { useAsync } from '../../lib/use-async';

export function NewSession({ campaignId, onCreated }: { campaignId: number; onCreated: () => void }) {
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
