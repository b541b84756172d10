/** The clarification requests of this task: what was asked, by when, and the unit's answer with its documents. */
import { Table, Tag } from 'antd';
import { useLang } from '../../lib/i18n';
import { LeafEvidence } from './leaf-evidence';
import type { Task, TaskEvidence } from './use-task';
import { Deadline } from '../../components/deadline';

type Clarification = Task['clarifications'][number];

export function ClarificationsTable({ data, onOpen }: { data: Task; onOpen: (e: TaskEvidence) => void }) {
  const { t } = useLang();
  return (
    <Table<Clarification>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={data.clarifications}
      scroll={{ x: 800 }}
      locale={{ emptyText: t('Chưa có yêu cầu giải trình.', 'No clarification request yet.') }}
      columns={[
        { title: t('Tiêu chí', 'Criteria'), dataIndex: 'criterionCodes', render: (c: string[]) => c.join(', ') },
        { title: t('Nội dung yêu cầu', 'Request'), dataIndex: 'request' },
        { title: t('Hạn trả lời', 'Reply by'), dataIndex: 'dueAt', render: (d: string) => <Deadline dueAt={d} /> },
        {
          title: t('Trạng thái', 'Status'),
          dataIndex: 'status',
          render: (s: string) => (
            <Tag color={s === 'answered' ? 'green' : s === 'expired' ? 'red' : 'purple'}>
              {s === 'answered'
                ? t('Đã giải trình', 'Answered')
                : s === 'expired'
                  ? t('Quá hạn', 'Expired')
                  : t('Đang chờ', 'Open')}
            </Tag>
          ),
        },
        {
          title: t('Giải trình của đơn vị', "Unit's answer"),
          dataIndex: 'answer',
          render: (a: string | null) => a ?? '—',
        },
        {
          title: t('Tài liệu kèm theo', 'Documents'),
          dataIndex: 'evidence',
          width: 210,
          render: (docs: TaskEvidence[], k: Clarification) =>
            k.status === 'answered' ? <LeafEvidence items={docs} onOpen={onOpen} /> : '—',
        },
      ]}
    />
  );
}
