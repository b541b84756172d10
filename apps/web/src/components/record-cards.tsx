/**
 * What a list screen shows below `md` in place of its table: one small card per record — the name (with the
 * record's actions beside it), the code and its tags, then the details — so a phone never scrolls sideways.
 * Also the modal form of such a screen, whose refusal sits above the form while everything typed stays.
 */
import { Alert, Card, Empty, List, Modal, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { errorText } from './states';
import { useLang } from '../lib/i18n';

interface RecordCardsProps<T> {
  items: T[];
  loading: boolean;
  /** Shown when there is no record. */
  empty: string;
  /** Cards a page, when there are more than that; all on one page otherwise. */
  pageSize?: number;
  testId?: string;
  tags: (r: T) => ReactNode;
  actions?: (r: T) => ReactNode;
  details: (r: T) => ReactNode;
}

export function RecordCards<T extends { id: number; code: string; name: string }>(props: RecordCardsProps<T>) {
  const { items, loading, empty, pageSize, testId, tags, actions, details } = props;
  return (
    <List
      data-testid={testId}
      loading={loading}
      dataSource={items}
      pagination={pageSize && items.length > pageSize ? { pageSize, size: 'small', showSizeChanger: false } : false}
      locale={{ emptyText: <Empty description={empty} /> }}
      renderItem={(r) => (
        <Card size="small" style={{ marginBottom: 8 }} key={r.id}>
          <Space orientation="vertical" size={2} style={{ width: '100%', minWidth: 0 }}>
            <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
              <Typography.Text strong style={{ wordBreak: 'break-word' }}>
                {r.name}
              </Typography.Text>
              {actions?.(r)}
            </Space>
            <Space size={4} wrap>
              <Typography.Text code>{r.code}</Typography.Text>
              {tags(r)}
            </Space>
            {details(r)}
          </Space>
        </Card>
      )}
    />
  );
}

interface FormModalProps {
  open: boolean;
  title: ReactNode;
  okText: string;
  busy: boolean;
  /** The last refusal, shown above the form. */
  error: unknown;
  errorTestId: string;
  onOk: () => void;
  onCancel: () => void;
  children: ReactNode;
}

export function FormModal({ open, title, okText, busy, error, errorTestId, onOk, onCancel, children }: FormModalProps) {
  const { t, lang } = useLang();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('Hủy', 'Cancel')}
      confirmLoading={busy}
      onOk={onOk}
      onCancel={onCancel}
      // The form exists while closed, so its instance is connected before the modal first opens.
      forceRender
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          data-testid={errorTestId}
          title={errorText(error, lang)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {children}
    </Modal>
  );
}
