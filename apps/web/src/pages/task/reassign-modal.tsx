/**
 * A supervisor gives the task to another appraiser of the organisation. The dialog says what happens before the
 * button is pressed (who holds it now, that saved scores stay with the task, that an absent officer's substitute
 * gets it) and stays open with the choice and the refusal on screen when the api refuses.
 */
import { Alert, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { useLang } from '../../lib/i18n';
import { useAsync } from '../../lib/use-async';
import type { Task, TaskModel } from './use-task';

export function ReassignModal(p: { data: Task; model: TaskModel; open: boolean; onClose: () => void }) {
  const { t } = useLang();
  const [userId, setUserId] = useState<number>();
  const [refusal, setRefusal] = useState<string | null>(null);
  const people = useAsync(() => (p.open ? call(api.GET('/api/inbox/assignees')) : Promise.resolve([])), [p.open]);
  const options = people.data ?? [];
  const chosen = options.find((u) => u.id === userId);
  const holder = p.data.assignee?.fullName;
  // The holder stays in the list (marked): after a refusal the choice is kept and says why it cannot be taken.
  const holds = (id: number) => id === p.data.assignee?.id;

  const close = () => {
    setRefusal(null);
    setUserId(undefined);
    p.onClose();
  };
  const submit = async () => {
    if (!chosen || holds(chosen.id)) {
      setRefusal(t('Chọn người nhận nhiệm vụ.', 'Choose who takes the task.'));
      return;
    }
    const why = await p.model.actions.reassign(chosen.id, chosen.fullName);
    if (why === null) {
      close();
    } else {
      setRefusal(why);
    }
  };

  return (
    <Modal
      open={p.open}
      title={t('Giao nhiệm vụ cho cán bộ khác', 'Assign the task to another officer')}
      okText={t('Giao việc', 'Assign')}
      cancelText={t('Hủy', 'Cancel')}
      okButtonProps={{ disabled: !chosen || holds(chosen.id) }}
      confirmLoading={p.model.saving}
      onOk={() => void submit()}
      onCancel={close}
    >
      <Select
        showSearch
        optionFilterProp="label"
        aria-label={t('Người nhận nhiệm vụ', 'Assignee')}
        placeholder={t('Chọn cán bộ thẩm định của cơ quan', 'Choose an appraiser of the organisation')}
        style={{ width: '100%' }}
        loading={people.loading}
        value={userId}
        onChange={(v: number) => (setUserId(v), setRefusal(null))}
        options={options.map((u) => ({
          value: u.id,
          label:
            `${u.fullName} (${u.username})` +
            (holds(u.id) ? t(' — đang giữ nhiệm vụ', ' — holds the task') : '') +
            (u.outOfOffice ? t(' — đang vắng mặt', ' — out of office') : ''),
        }))}
      />
      {chosen && holds(chosen.id) ? (
        <Typography.Paragraph style={{ marginTop: 12 }} data-testid="reassign-consequence">
          {t(
            `${chosen.fullName} đang giữ nhiệm vụ này: chọn cán bộ khác.`,
            `${chosen.fullName} holds the task already: choose someone else.`,
          )}
        </Typography.Paragraph>
      ) : chosen ? (
        <Typography.Paragraph style={{ marginTop: 12 }} data-testid="reassign-consequence">
          {t(
            `Nhiệm vụ #${p.data.id} sẽ do ${chosen.fullName} xử lý` +
              (holder ? `; ${holder} không còn chấm được nhiệm vụ này` : '') +
              '. Điểm đã lưu và lịch sử vẫn giữ nguyên.' +
              (chosen.outOfOffice ? ` ${chosen.fullName} đang vắng mặt: nhiệm vụ sẽ chuyển cho người thay.` : ''),
            `Task #${p.data.id} goes to ${chosen.fullName}` +
              (holder ? `; ${holder} can no longer score it` : '') +
              '. Saved scores and the history stay.' +
              (chosen.outOfOffice ? ` ${chosen.fullName} is out of office: their substitute gets it.` : ''),
          )}
        </Typography.Paragraph>
      ) : null}
      {refusal ? (
        <Alert type="error" showIcon title={refusal} data-testid="reassign-refusal" style={{ marginTop: 12 }} />
      ) : null}
    </Modal>
  );
}
