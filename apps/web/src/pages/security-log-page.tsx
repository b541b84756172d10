/** Secretariat: the security log of the authority — sign-ins, lockouts, account changes, downloads — with filters. */
import { Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { EmptyState, ErrorState } from '../components/states';
import { formatDateTime } from '../lib/format';
import { label, useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type SecurityEvent = Schemas['SecurityEventView'];
type Action = SecurityEvent['action'];

/** Every action in Vietnamese and English, with the colour of its tag (warnings stand out). */
const ACTIONS: Record<Action, [string, string, string?]> = {
  'auth.loginSucceeded': ['Đăng nhập thành công', 'Signed in', 'green'],
  'auth.loginFailed': ['Đăng nhập không thành công', 'Failed sign-in', 'orange'],
  'auth.lockedOut': ['Tài khoản bị khoá tạm thời', 'Locked out', 'red'],
  'auth.passwordChanged': ['Đổi mật khẩu', 'Password changed'],
  'auth.passwordReset': ['Cấp lại mật khẩu', 'Password reset', 'gold'],
  'user.created': ['Tạo tài khoản', 'Account created', 'blue'],
  'user.rolesChanged': ['Thay đổi vai trò', 'Roles changed', 'gold'],
  'user.deactivated': ['Vô hiệu hoá tài khoản', 'Account deactivated', 'red'],
  'user.reactivated': ['Kích hoạt lại tài khoản', 'Account reactivated', 'blue'],
  'user.unlocked': ['Mở khoá tài khoản', 'Account unlocked', 'blue'],
  'evidence.downloaded': ['Tải tài liệu kiểm chứng', 'Evidence downloaded'],
  'export.downloaded': ['Tải tệp xuất', 'Export downloaded'],
};
const ACTION_LABELS = Object.fromEntries(Object.entries(ACTIONS).map(([k, [vi, en]]) => [k, [vi, en]])) as Record<
  string,
  [string, string]
>;

const PAGE_SIZE = 20;

/** The local day's start (Asia/Ho_Chi_Minh, as the picker shows it) as an instant the api understands. */
const dayStart = (d: Dayjs) => d.startOf('day').toISOString();
const dayAfter = (d: Dayjs) => d.add(1, 'day').startOf('day').toISOString();

export default function SecurityLogPage() {
  const { t, lang } = useLang();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState<Action>();
  const [userId, setUserId] = useState<number>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const users = useAsync(() => call(api.GET('/api/admin/users', { params: { query: { pageSize: 200 } } })), []);
  const events = useAsync(
    () =>
      call(
        api.GET('/api/admin/security-events', {
          params: {
            query: {
              page,
              pageSize: PAGE_SIZE,
              action,
              userId,
              from: range?.[0] ? dayStart(range[0]) : undefined,
              to: range?.[1] ? dayAfter(range[1]) : undefined,
            },
          },
        }),
      ),
    [page, action, userId, range],
  );
  const person = (u: SecurityEvent['actor']) =>
    u ? (
      <span>
        {u.fullName || u.username}
        <br />
        <Typography.Text type="secondary">{u.username}</Typography.Text>
      </span>
    ) : (
      <Typography.Text type="secondary">{t('Chưa đăng nhập', 'Not signed in')}</Typography.Text>
    );

  return (
    <Card
      title={
        <Typography.Title level={1} style={{ margin: 0 }}>
          {t('Nhật ký bảo mật', 'Security log')}
        </Typography.Title>
      }
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('Người dùng', 'Person')}
          style={{ width: 260 }}
          loading={users.loading}
          options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.fullName} (${u.username})` }))}
          value={userId}
          onChange={(v: number | undefined) => (setUserId(v), setPage(1))}
          data-testid="filter-person"
        />
        <Select
          allowClear
          placeholder={t('Hành động', 'Action')}
          style={{ width: 260 }}
          options={(Object.keys(ACTIONS) as Action[]).map((a) => ({ value: a, label: label(ACTION_LABELS, a, lang) }))}
          value={action}
          onChange={(v: Action | undefined) => (setAction(v), setPage(1))}
          data-testid="filter-action"
        />
        <DatePicker.RangePicker
          format="DD/MM/YYYY"
          placeholder={[t('Từ ngày', 'From'), t('Đến ngày', 'To')]}
          value={range}
          onChange={(v) => (setRange(v), setPage(1))}
        />
      </Space>
      {events.error ? <ErrorState error={events.error} onRetry={events.reload} /> : null}
      <Table<SecurityEvent>
        rowKey="id"
        size="small"
        scroll={{ x: 900 }}
        loading={events.loading}
        dataSource={events.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: events.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        locale={{ emptyText: <EmptyState title={t('Không có sự kiện phù hợp.', 'No matching events.')} /> }}
        columns={[
          {
            title: t('Thời gian', 'Time'),
            dataIndex: 'occurredAt',
            width: 150,
            render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span>,
          },
          {
            title: t('Hành động', 'Action'),
            dataIndex: 'action',
            width: 200,
            // Long Vietnamese names wrap inside their tag instead of running into the next column.
            render: (a: Action) => (
              <Tag color={ACTIONS[a]?.[2]} style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
                {label(ACTION_LABELS, a, lang)}
              </Tag>
            ),
          },
          {
            title: t('Người thực hiện', 'By'),
            key: 'actor',
            render: (_: unknown, e: SecurityEvent) => person(e.actor),
          },
          {
            title: t('Tài khoản liên quan', 'Account'),
            key: 'subject',
            render: (_: unknown, e: SecurityEvent) => person(e.subject),
          },
          { title: t('Địa chỉ IP', 'IP address'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          {
            title: t('Trình duyệt', 'User agent'),
            dataIndex: 'userAgent',
            ellipsis: true,
            render: (v: string | null) => <span title={v ?? ''}>{v ?? '—'}</span>,
          },
        ]}
      />
    </Card>
  );
}
