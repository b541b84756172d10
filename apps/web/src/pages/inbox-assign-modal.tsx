/**
 * A supervisor gives the selected unclaimed tasks to one appraiser of the organisation (POST
 * /api/inbox/tasks/bulk/assign). The dialog names the consequence before the button is pressed; each task's own
 * answer comes back (some may have been claimed meanwhile) and the caller reports them.
 */
import { Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { errorText } from '../components/states';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type BulkResult = Schemas['BulkItemView'];

export function BulkAssignModal(p: {
  taskIds: number[];
  open: boolean;
  onClose: () => void;
  onDone: (results: BulkResult[], assignee: string) => void;
}) {
  const { t, lang } = useLang();
  const [userId, setUserId] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const people = useAsync(() => (p.open ? call(api.GET('/api/inbox/assignees')) : Promise.resolve([])), [p.open]);
  const chosen = (people.data ?? []).find((u) => u.id === userId);

  const close = () => {
    setUserId(undefined);
    setRefusal(null);
    p.onClose();
  };
  const submit = async () => {
    if (!chosen) {
      return;
    }
    setBusy(true);
    try {
      const results = await call(
        api.POST('/api/inbox/tasks/bulk/assign', { body: { taskIds: p.taskIds, userId: chosen.id } }),
      );
      p.onDone(results, chosen.fullName);
      close();
    } catch (e) {
      // The dialog stays open with the choice: the refusal says what to do.
      setRefusal(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={p.open}
      title={t(`Giao ${p.taskIds.length} việc đã chọn`, `Assign ${p.taskIds.length} selected tasks`)}
      okText={t('Giao việc', 'Assign')}
      cancelText={t('Hủy', 'Cancel')}
      okButtonProps={{ disabled: !chosen }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={close}
    >
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        aria-label={t('Người nhận nhiệm vụ', 'Assignee')}
        placeholder={t('Chọn cán bộ thẩm định của cơ quan', 'Choose an appraiser of the organisation')}
        style={{ width: '100%' }}
        loading={people.loading}
        value={userId}
        onChange={(v: number) => (setUserId(v), setRefusal(null))}
        options={(people.data ?? []).map((u) => ({
          value: u.id,
          label: `${u.fullName} (${u.username})` + (u.outOfOffice ? t(' — đang vắng mặt', ' — out of office') : ''),
        }))}
      />
      {chosen ? (
        <Typography.Paragraph style={{ marginTop: 12 }} data-testid="bulk-assign-consequence">
          {t(
            `${p.taskIds.length} nhiệm vụ sẽ do ${chosen.fullName} xử lý; kết quả từng việc được báo lại ngay sau đó.`,
            `${p.taskIds.length} tasks go to ${chosen.fullName}; each task's outcome is reported right after.`,
          )}
        </Typography.Paragraph>
      ) : null}
      {refusal ? (
        <Typography.Paragraph type="danger" data-testid="bulk-assign-refusal">
          {refusal}
        </Typography.Paragraph>
      ) : null}
    </Modal>
  );
}
