/**
 * The inbox's tasks at every width. A column each from 1200 px; below that the unit, its content area and the
 * state share one column (at 1024 and 820 px eight columns left the unit a letter wide and rows 340 px tall);
 * below 768 px a list of cards with no sideways scroll. The content area is never cut: a multi-area office
 * chooses by it. The due date, its badge and the follow-up date share one column at every width.
 */
import { Button, Card, Checkbox, Grid, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Schemas } from '../api/client';
import { Deadline } from '../components/deadline';
import { EmptyState, Loading } from '../components/states';
import { TASK_STATE_COLORS, TASK_STATE_LABELS, TaskBadge } from '../components/task-badge';
import { formatDate } from '../lib/format';
import { label, useLang } from '../lib/i18n';

export type InboxTask = Schemas['InboxTaskView'];

/** A column the list is sorted by, and which way (the page sorts, so j/k and Enter follow the order shown). */
export interface InboxSort {
  key: 'unit' | 'area' | 'state' | 'assignee' | 'due';
  order: 'ascend' | 'descend';
}

const collator = new Intl.Collator('vi');
const STATE_ORDER = ['open', 'claimed', 'inReview', 'awaitingClarification', 'completed'];
const SORT_VALUE: Record<InboxSort['key'], (r: InboxTask) => string | number> = {
  unit: (r) => r.unitName,
  area: (r) => r.contentAreaName,
  state: (r) => STATE_ORDER.indexOf(r.state),
  assignee: (r) => r.assignee?.fullName ?? '',
  due: (r) => Date.parse(r.dueAt),
};

/** The tasks in the chosen order: names in Vietnamese alphabetical order, states in workflow order, due by instant. */
export function sortTasks(items: InboxTask[], sort: InboxSort | undefined): InboxTask[] {
  if (!sort) {
    return items;
  }
  const value = SORT_VALUE[sort.key];
  const sign = sort.order === 'ascend' ? 1 : -1;
  return [...items].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y)));
  });
}

export interface InboxTasksProps {
  items: InboxTask[];
  sort?: InboxSort;
  onSort: (sort: InboxSort | undefined) => void;
  loading: boolean;
  empty: string;
  selected: number[];
  onSelect: (ids: number[]) => void;
  focus: number;
  onFocus: (index: number) => void;
  busy: boolean;
  onClaim: (ids: number[]) => void;
}

export function InboxTasks(props: InboxTasksProps) {
  const screens = Grid.useBreakpoint();
  // Before the first measure the breakpoints are undefined: a desktop's first paint.
  if (screens.md === false) {
    return <InboxCards {...props} />;
  }
  return <InboxTable {...props} wide={screens.xl !== false} />;
}

function useCells() {
  const { t, lang } = useLang();
  const navigate = useNavigate();
  return {
    unit: (r: InboxTask) => (
      <a
        href={`/inbox/tasks/${r.id}`}
        onClick={(e) => (e.preventDefault(), void navigate(`/inbox/tasks/${r.id}`))}
        data-testid="inbox-unit"
      >
        {r.unitName}
      </a>
    ),
    area: (r: InboxTask) => <span data-testid="inbox-area">{r.contentAreaName}</span>,
    state: (r: InboxTask) => (
      <>
        <Tag color={TASK_STATE_COLORS[r.state]}>{label(TASK_STATE_LABELS, r.state, lang)}</Tag>
        {r.clarificationAnswered ? (
          <Tag color="cyan" data-testid="inbox-answered">
            {t('Đơn vị đã giải trình', 'The unit answered')}
          </Tag>
        ) : null}
        {r.conflictOfInterest ? (
          <Tooltip title={t('Cơ quan tự thẩm định chính mình: cần xác nhận', 'Appraises itself: needs confirmation')}>
            <Tag color="volcano">{t('Xung đột lợi ích', 'Conflict')}</Tag>
          </Tooltip>
        ) : null}
      </>
    ),
    due: (r: InboxTask) => (
      <Space orientation="vertical" size={2}>
        <span>
          <Deadline dueAt={r.dueAt} />
        </span>
        <span>
          <TaskBadge badge={r.badge} />
        </span>
        {r.followUpAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('Theo dõi', 'Follow-up')}: {formatDate(r.followUpAt)}
          </Typography.Text>
        ) : null}
      </Space>
    ),
    claim: (r: InboxTask, busy: boolean, onClaim: (ids: number[]) => void): ReactNode =>
      r.state === 'open' ? (
        <Button size="small" loading={busy} onClick={() => onClaim([r.id])}>
          {t('Nhận việc', 'Claim')}
        </Button>
      ) : null,
  };
}

function InboxTable({ wide, ...p }: InboxTasksProps & { wide: boolean }) {
  const { t } = useLang();
  const navigate = useNavigate();
  const cell = useCells();
  const action = {
    title: '',
    key: 'act',
    width: 100,
    render: (_: unknown, r: InboxTask) => cell.claim(r, p.busy, p.onClaim),
  };
  // Sortable columns: the header's button (aria-sort) asks the page to reorder the list itself.
  const sortable = (key: InboxSort['key']) => ({
    sorter: true,
    sortOrder: p.sort?.key === key ? p.sort.order : null,
    showSorterTooltip: { title: t('Bấm để sắp xếp', 'Click to sort') },
  });
  const due = {
    title: t('Hạn', 'Due'),
    key: 'due',
    width: 180,
    ...sortable('due'),
    render: (_: unknown, r: InboxTask) => cell.due(r),
  };
  const columns = wide
    ? [
        {
          title: t('Đơn vị được đánh giá', 'Assessed unit'),
          key: 'unit',
          minWidth: 160,
          ...sortable('unit'),
          render: (_: unknown, r: InboxTask) => cell.unit(r),
        },
        {
          title: t('Lĩnh vực thẩm định', 'Content area'),
          key: 'area',
          minWidth: 200,
          ...sortable('area'),
          render: (_: unknown, r: InboxTask) => cell.area(r),
        },
        {
          title: t('Trạng thái', 'Status'),
          key: 'state',
          width: 150,
          ...sortable('state'),
          render: (_: unknown, r: InboxTask) => cell.state(r),
        },
        {
          title: t('Người xử lý', 'Assignee'),
          key: 'assignee',
          width: 150,
          ...sortable('assignee'),
          render: (_: unknown, r: InboxTask) => r.assignee?.fullName ?? '—',
        },
        due,
        action,
      ]
    : [
        {
          title: t('Đơn vị, lĩnh vực, trạng thái', 'Unit, area, status'),
          key: 'task',
          render: (_: unknown, r: InboxTask) => (
            <Space orientation="vertical" size={2}>
              {cell.unit(r)}
              {cell.area(r)}
              <span>
                {cell.state(r)}
                {r.assignee ? <Typography.Text type="secondary">{r.assignee.fullName}</Typography.Text> : null}
              </span>
            </Space>
          ),
        },
        due,
        action,
      ];
  return (
    <>
      <Table<InboxTask>
        rowKey="id"
        size="small"
        loading={p.loading}
        dataSource={p.items}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        rowSelection={{
          selectedRowKeys: p.selected,
          onChange: (keys) => p.onSelect(keys as number[]),
          getCheckboxProps: (r) => ({ disabled: r.state !== 'open', 'aria-label': `#${r.id}` }),
        }}
        rowClassName={(_, i) => (i === p.focus ? 'inbox-row-focus' : '')}
        onRow={(r, i) => ({
          // Roving focus: the highlighted row is the one Tab reaches and j/k focus.
          tabIndex: i === p.focus ? 0 : -1,
          'data-task-row': r.id,
          'aria-label': `${r.unitName} — ${r.contentAreaName}`,
          onClick: () => p.onFocus(i ?? 0),
          onDoubleClick: () => void navigate(`/inbox/tasks/${r.id}`),
        })}
        locale={{ emptyText: <EmptyState title={p.empty} /> }}
        onChange={(_pagination, _filters, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          p.onSort(s?.order ? { key: s.columnKey as InboxSort['key'], order: s.order } : undefined);
        }}
        columns={columns}
      />
      <style>
        {'.inbox-row-focus > td { box-shadow: inset 0 1px 0 #a8071a, inset 0 -1px 0 #a8071a; }' +
          ' tr[data-task-row]:focus-visible { outline: 2px solid #0b5cab; outline-offset: -2px; }'}
      </style>
    </>
  );
}

/** A phone: one card per task — unit, content area, state, due badge and the actions — and nothing wider. */
function InboxCards(p: InboxTasksProps) {
  const { t } = useLang();
  const navigate = useNavigate();
  const cell = useCells();
  if (p.loading) {
    return <Loading rows={4} />;
  }
  if (p.items.length === 0) {
    return <EmptyState title={p.empty} />;
  }
  return (
    <div role="list" aria-label={t('Nhiệm vụ thẩm định', 'Appraisal tasks')} style={{ display: 'grid', gap: 8 }}>
      {p.items.map((r, i) => (
        <Card
          key={r.id}
          size="small"
          role="listitem"
          data-testid="inbox-card"
          data-task-row={r.id}
          tabIndex={i === p.focus ? 0 : -1}
          onClick={() => p.onFocus(i)}
          style={i === p.focus ? { borderColor: '#a8071a' } : undefined}
        >
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Space align="start">
              {r.state === 'open' ? (
                <Checkbox
                  aria-label={`#${r.id}`}
                  checked={p.selected.includes(r.id)}
                  onChange={(e) =>
                    p.onSelect(e.target.checked ? [...p.selected, r.id] : p.selected.filter((id) => id !== r.id))
                  }
                />
              ) : null}
              <strong>{cell.unit(r)}</strong>
            </Space>
            {cell.area(r)}
            <div>{cell.state(r)}</div>
            <Space wrap size={4} align="center">
              <Deadline dueAt={r.dueAt} />
              <TaskBadge badge={r.badge} />
            </Space>
            {r.followUpAt ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('Theo dõi', 'Follow-up')}: {formatDate(r.followUpAt)}
              </Typography.Text>
            ) : null}
            <Space wrap>
              {cell.claim(r, p.busy, p.onClaim)}
              <Button size="small" onClick={() => void navigate(`/inbox/tasks/${r.id}`)}>
                {t('Mở', 'Open')}
              </Button>
            </Space>
          </Space>
        </Card>
      ))}
    </div>
  );
}
