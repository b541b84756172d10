/**
 * Appraiser / supervisor: the task inbox (docs/ARCHITECTURE.md §inbox) — preset views with counts, filters,
 * saved views (server-side, shareable), bulk claim, SLA badges, auto-refresh every 30 s, and keyboard shortcuts:
 * `/` focus search, `j`/`k` move, `c` claim, `Enter` open, `n` open the next task to do.
 */
import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import {
  App,
  Badge,
  Button,
  Card,
  Grid,
  Input,
  Select,
  Space,
  Switch,
  Tabs,
  Tooltip,
  Typography,
  type InputRef,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { useAuth } from '../auth';
import { BulkAssignModal } from './inbox-assign-modal';
import { OutOfOfficeModal } from './inbox-out-of-office';
import { ErrorState, errorText } from '../components/states';
import { TASK_STATE_LABELS } from '../components/task-badge';
import { useCampaign } from '../lib/campaign-context';
import { label, UNIT_GROUP_LABELS, useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';
import { InboxTasks, sortTasks, type InboxSort } from './inbox-tasks';

type Filters = Schemas['InboxFilters'];
type View = NonNullable<Filters['view']>;

const VIEWS: { key: View; vi: string; en: string }[] = [
  { key: 'mine', vi: 'Việc của tôi', en: 'My tasks' },
  { key: 'unclaimed', vi: 'Chưa ai nhận', en: 'Unclaimed' },
  { key: 'dueSoon', vi: 'Sắp đến hạn (≤ 3 ngày)', en: 'Due soon (≤ 3 days)' },
  { key: 'overdue', vi: 'Quá hạn', en: 'Overdue' },
  { key: 'awaitingClarification', vi: 'Chờ giải trình', en: 'Awaiting clarification' },
  { key: 'completed', vi: 'Đã hoàn thành', en: 'Completed' },
  { key: 'all', vi: 'Tất cả', en: 'All' },
];

export default function InboxPage() {
  const { t, lang } = useLang();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { user } = useAuth();
  const { current, campaigns } = useCampaign();
  // The list and the counts wait for the campaign list: sent before it, each went out once for no campaign and again
  // for the chosen one (three requests for the counts) — on a slow link the inbox showed a round trip later.
  const campaignKnown = campaigns.data !== undefined || campaigns.error !== undefined;
  const [view, setView] = useState<View>('mine');
  const [q, setQ] = useState('');
  const [unitGroup, setUnitGroup] = useState<string>();
  const [status, setStatus] = useState<Filters['status']>();
  const [savedViewId, setSavedViewId] = useState<number>();
  const [selected, setSelected] = useState<number[]>([]);
  const [focus, setFocus] = useState(0);
  const [busy, setBusy] = useState(false);
  const search = useRef<InputRef>(null);
  // A phone has no keys to list; its filters take the full width.
  const phone = Grid.useBreakpoint().md === false;

  const filters = useMemo(
    () => ({ view, campaignId: current?.id, q: q || undefined, unitGroup, status, savedViewId }),
    [view, current?.id, q, unitGroup, status, savedViewId],
  );
  const tasks = useAsync(
    () => call(api.GET('/api/inbox/tasks', { params: { query: { ...filters, limit: 200 } } })),
    [filters],
    { pollMs: 30_000, skip: !campaignKnown },
  );
  // The counts load beside the first list, then again after each later load of it (a claim moves a task between
  // views): not once more for the first list's arrival.
  const [listVersion, setListVersion] = useState(0);
  useEffect(() => {
    if (tasks.data) {
      setListVersion((n) => n + 1);
    }
  }, [tasks.data]);
  const counts = useAsync(
    () => call(api.GET('/api/inbox/counts', { params: { query: { campaignId: current?.id } } })),
    [current?.id, listVersion > 1 ? listVersion : 0],
    { skip: !campaignKnown },
  );
  const views = useAsync(() => call(api.GET('/api/inbox/views')), []);
  const [sort, setSort] = useState<InboxSort>();
  // Sorted here, not in the table: the keyboard (j/k, c, Enter) and the cards follow the order on screen.
  const items = useMemo(() => sortTasks(tasks.data?.items ?? [], sort), [tasks.data, sort]);

  useEffect(() => setFocus((f) => Math.min(f, Math.max(0, items.length - 1))), [items.length]);

  // j/k move the real focus (a screen reader reads the row) and scroll it into view; set only by the keys, so a
  // reload or a click elsewhere never pulls the focus away.
  const keyMoved = useRef(false);
  useEffect(() => {
    if (!keyMoved.current) {
      return;
    }
    keyMoved.current = false;
    const id = items[focus]?.id;
    const el = id === undefined ? null : document.querySelector<HTMLElement>(`[data-task-row="${id}"]`);
    el?.focus();
    el?.scrollIntoView({ block: 'nearest' });
  }, [focus, items]);
  const moveFocus = (step: number) => {
    keyMoved.current = true;
    setFocus((f) => Math.max(0, Math.min(items.length - 1, f + step)));
  };
  /** The task claimed last with `c`: `n` opens it (the list may not have reloaded yet). */
  const justClaimed = useRef<number | undefined>(undefined);

  /** Each task's own answer of a bulk action: all went through, or which did not and why. */
  const reportBulk = useCallback(
    (results: Schemas['BulkItemView'][], done: (n: string) => string) => {
      const failed = results.filter((r) => !r.ok);
      if (failed.length === 0) {
        void message.success(`${done(String(results.length))}.`);
        return;
      }
      modal.warning({
        title: done(`${results.length - failed.length}/${results.length}`),
        content: (
          <ul data-testid="bulk-failures">
            {failed.map((f) => (
              <li key={f.id}>
                #{f.id}: {f.error ? (lang === 'vi' ? f.error.messageVi : f.error.message) : ''}
              </li>
            ))}
          </ul>
        ),
      });
    },
    [lang, message, modal],
  );

  const claim = useCallback(
    async (ids: number[]) => {
      if (ids.length === 0) {
        return;
      }
      setBusy(true);
      try {
        if (ids.length === 1) {
          await call(api.POST('/api/inbox/tasks/{id}/claim', { params: { path: { id: ids[0] } } }));
          justClaimed.current = ids[0];
          void message.success(t('Đã nhận việc.', 'Task claimed.'));
        } else {
          const results = await call(api.POST('/api/inbox/tasks/bulk/claim', { body: { taskIds: ids } }));
          reportBulk(results, (n) => t(`Đã nhận ${n} việc`, `${n} tasks claimed`));
        }
        setSelected([]);
        tasks.reload();
      } catch (e) {
        void message.error(errorText(e, lang));
      } finally {
        setBusy(false);
      }
    },
    [lang, message, reportBulk, t, tasks],
  );
  const supervisor = user?.roles.includes('supervisor') ?? false;
  const [assigning, setAssigning] = useState(false);
  const [away, setAway] = useState(false);

  const openNext = useCallback(() => {
    const claimed = justClaimed.current;
    justClaimed.current = undefined;
    const next =
      items.find((i) => i.id === claimed) ??
      items.find((i) => i.assignee?.id === user?.id && i.state !== 'completed') ??
      items.find((i) => i.state === 'open');
    if (next) {
      void navigate(`/inbox/tasks/${next.id}`);
    } else {
      void message.info(t('Không còn việc cần làm trong danh sách này.', 'Nothing left to do in this list.'));
    }
  }, [items, message, navigate, t, user?.id]);

  // Keyboard shortcuts (ignored while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (
        target.closest('input, textarea, [contenteditable="true"], .ant-select, .ant-modal') ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey
      ) {
        return;
      }
      const row = items[focus];
      if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === 'j' || e.key === 'ArrowDown') {
        e.preventDefault();
        moveFocus(1);
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        e.preventDefault();
        moveFocus(-1);
      } else if (e.key === 'c' && row && row.state === 'open') {
        void claim([row.id]);
      } else if (e.key === 'Enter' && row) {
        void navigate(`/inbox/tasks/${row.id}`);
      } else if (e.key === 'n') {
        openNext();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [claim, focus, items, navigate, openNext]);

  const saveView = () => {
    let name = '';
    let shared = false;
    modal.confirm({
      title: t('Lưu bộ lọc hiện tại', 'Save the current filters'),
      okText: t('Lưu', 'Save'),
      cancelText: t('Hủy', 'Cancel'),
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input
            placeholder={t('Tên bộ lọc', 'View name')}
            onChange={(e) => (name = e.target.value)}
            aria-label={t('Tên bộ lọc', 'View name')}
          />
          <Space>
            <Switch onChange={(v) => (shared = v)} aria-label={t('Chia sẻ với cơ quan', 'Share with my agency')} />
            {t('Chia sẻ với cơ quan', 'Share with my agency')}
          </Space>
        </Space>
      ),
      onOk: async () => {
        if (!name.trim()) {
          void message.error(t('Nhập tên bộ lọc.', 'Give the view a name.'));
          throw new Error('name');
        }
        const { savedViewId: _omit, ...rest } = filters;
        const created = await call(
          api.POST('/api/inbox/views', { body: { name: name.trim(), shared, filters: rest } }),
        ).catch((e: unknown) => {
          void message.error(errorText(e, lang));
          throw e;
        });
        views.reload();
        setSavedViewId(created.id);
        void message.success(t('Đã lưu bộ lọc.', 'View saved.'));
      },
    });
  };

  const countOf = (v: View) => counts.data?.[v];

  return (
    <Card
      title={
        <Typography.Title level={1} style={{ margin: 0 }}>
          {t('Hộp việc thẩm định', 'Appraisal inbox')}
        </Typography.Title>
      }
      extra={
        <Space>
          {phone ? null : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(
                'Phím tắt: / tìm · j/k chọn · c nhận việc · Enter mở · n việc tiếp theo',
                'Keys: / search · j/k move · c claim · Enter open · n next task',
              )}
            </Typography.Text>
          )}
          <Tooltip title={t('Làm mới (tự động mỗi 30 giây)', 'Refresh (every 30 s automatically)')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={tasks.reload}
              loading={tasks.loading}
              aria-label={t('Làm mới', 'Refresh')}
            />
          </Tooltip>
        </Space>
      }
    >
      <Tabs
        activeKey={view}
        onChange={(k) => {
          setView(k as View);
          setSelected([]);
          setFocus(0);
        }}
        items={VIEWS.map((v) => ({
          key: v.key,
          label: (
            <span data-testid={`view-${v.key}`}>
              {lang === 'vi' ? v.vi : v.en}{' '}
              <Badge
                count={countOf(v.key) ?? 0}
                showZero
                overflowCount={999}
                color={
                  v.key === 'overdue' && (countOf(v.key) ?? 0) > 0 ? 'red' : v.key === 'dueSoon' ? 'orange' : '#595959'
                }
              />
            </span>
          ),
        }))}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          ref={search}
          allowClear
          placeholder={t('Tìm đơn vị, lĩnh vực… (phím /)', 'Search unit, area… (key /)')}
          style={{ width: 280 }}
          onSearch={setQ}
          aria-label={t('Tìm kiếm', 'Search')}
        />
        <Select
          allowClear
          placeholder={t('Nhóm đơn vị', 'Unit group')}
          aria-label={t('Nhóm đơn vị', 'Unit group')}
          style={{ width: 180 }}
          value={unitGroup}
          onChange={setUnitGroup}
          options={[
            ...Object.keys(UNIT_GROUP_LABELS).map((g) => ({ value: g, label: label(UNIT_GROUP_LABELS, g, lang) })),
          ]}
        />
        <Select
          allowClear
          placeholder={t('Trạng thái', 'Status')}
          aria-label={t('Trạng thái', 'Status')}
          style={{ width: 180 }}
          value={status}
          onChange={setStatus}
          options={Object.keys(TASK_STATE_LABELS).map((k) => ({ value: k, label: label(TASK_STATE_LABELS, k, lang) }))}
        />
        <Select
          allowClear
          placeholder={t('Bộ lọc đã lưu', 'Saved views')}
          aria-label={t('Bộ lọc đã lưu', 'Saved views')}
          style={{ width: 200 }}
          value={savedViewId}
          onChange={setSavedViewId}
          loading={views.loading}
          options={(views.data ?? []).map((v) => ({
            value: v.id,
            label: `${v.name}${v.shared ? t(' (chia sẻ)', ' (shared)') : ''}`,
          }))}
        />
        <Button icon={<SaveOutlined />} onClick={saveView}>
          {t('Lưu bộ lọc', 'Save view')}
        </Button>
        <Button onClick={() => setAway(true)}>{t('Vắng mặt…', 'Out of office…')}</Button>
        <OutOfOfficeModal open={away} onClose={() => setAway(false)} />
        <Button type="primary" disabled={selected.length === 0} loading={busy} onClick={() => void claim(selected)}>
          {t(`Nhận ${selected.length || ''} việc đã chọn`, `Claim ${selected.length || ''} selected`)}
        </Button>
        {supervisor ? (
          <Button disabled={selected.length === 0} onClick={() => setAssigning(true)}>
            {t(`Giao ${selected.length || ''} việc đã chọn…`, `Assign ${selected.length || ''} selected…`)}
          </Button>
        ) : null}
        <BulkAssignModal
          taskIds={selected}
          open={assigning}
          onClose={() => setAssigning(false)}
          onDone={(results, assignee) => {
            reportBulk(results, (n) => t(`Đã giao ${n} việc cho ${assignee}`, `${n} tasks assigned to ${assignee}`));
            setSelected([]);
            tasks.reload();
          }}
        />
      </Space>
      {tasks.error ? <ErrorState error={tasks.error} onRetry={tasks.reload} /> : null}
      <InboxTasks
        items={items}
        sort={sort}
        onSort={(s) => (setSort(s), setFocus(0))}
        loading={tasks.loading && !tasks.data}
        empty={
          view === 'mine'
            ? t('Bạn chưa nhận việc nào. Xem mục "Chưa ai nhận".', 'You have no tasks. Look in "Unclaimed".')
            : t('Không có nhiệm vụ thẩm định phù hợp.', 'No matching appraisal task.')
        }
        selected={selected}
        onSelect={setSelected}
        focus={focus}
        onFocus={setFocus}
        busy={busy}
        onClaim={(ids) => void claim(ids)}
      />
    </Card>
  );
}
