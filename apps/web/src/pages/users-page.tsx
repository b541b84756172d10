/** Secretariat: accounts of the authority — list, filter, create one, import many (.xlsx or CSV), reset, lock/unlock. */
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Grid,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { api, call, uploadWithProgress, type Schemas } from '../api/client';
import { EmptyState, ErrorState, errorText } from '../components/states';
import { formatDateTime } from '../lib/format';
import { label, ROLE_LABELS, useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';
import { ALL_ROLES } from '../routes';

type User = Schemas['UserDto'];
type Role = User['roles'][number];

/** Problems of a rejected import, with their row numbers (the api's `details`). */
function importProblems(details: unknown): string[] {
  const list = (details as { problems?: { row?: number; message?: string; messageVi?: string }[] } | undefined)
    ?.problems;
  return Array.isArray(list)
    ? list.map((p) => `${p.row ? `Dòng ${p.row}: ` : ''}${p.messageVi ?? p.message ?? ''}`)
    : [];
}

export default function UsersPage() {
  const { t, lang } = useLang();
  // Below md the header keeps the title and two short buttons on one line, and the table scrolls inside the card.
  const narrow = Grid.useBreakpoint().md === false;
  const { message, modal } = App.useApp();
  const [page, setPage] = useState(1);
  const [role, setRole] = useState<Role>();
  const [org, setOrg] = useState<string>();
  const users = useAsync(
    () =>
      call(
        api.GET('/api/admin/users', {
          params: { query: { page, pageSize: 20, role, organisationCode: org || undefined } },
        }),
      ),
    [page, role, org],
  );
  // Organisations by name (their codes are for import files): the filter and the form choose from them.
  const organisations = useAsync(() => call(api.GET('/api/admin/organisations')), []);
  const organisationOptions = (organisations.data ?? []).map((o) => ({ value: o.code, label: o.name }));
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [importProgress, setImportProgress] = useState<number>();
  const [form] = Form.useForm<Schemas['CreateUserDto']>();

  const create = async (v: Schemas['CreateUserDto']) => {
    setBusy(true);
    setError(undefined);
    try {
      const created = await call(api.POST('/api/admin/users', { body: { ...v, password: v.password || undefined } }));
      setCreating(false);
      form.resetFields();
      users.reload();
      if (created.generatedPassword) {
        modal.info({
          title: t('Mật khẩu cấp lần đầu (chỉ hiện một lần)', 'First password (shown once)'),
          content: (
            <Typography.Paragraph copyable={{ text: created.generatedPassword }}>
              {created.user.username}: <code>{created.generatedPassword}</code>
            </Typography.Paragraph>
          ),
        });
      } else {
        void message.success(t('Đã tạo tài khoản.', 'Account created.'));
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (file: File) => {
    const form = new FormData();
    form.append('file', file);
    setImportProgress(0);
    try {
      const result = await uploadWithProgress<Schemas['UserImportResultDto']>(
        '/api/admin/users/import',
        form,
        setImportProgress,
      );
      users.reload();
      modal.success({
        title: t(`Đã nhập ${result.created} tài khoản`, `${result.created} accounts imported`),
        width: 560,
        content: (
          <Table
            size="small"
            rowKey="row"
            pagination={false}
            dataSource={result.users}
            columns={[
              { title: t('Dòng', 'Row'), dataIndex: 'row', width: 60 },
              { title: t('Tên đăng nhập', 'Username'), dataIndex: 'username' },
              {
                title: t('Mật khẩu cấp lần đầu', 'First password'),
                dataIndex: 'password',
                render: (p: string) => <code>{p}</code>,
              },
            ]}
          />
        ),
      });
    } catch (e) {
      const problems = importProblems((e as { details?: unknown }).details);
      modal.error({
        title: errorText(e, lang),
        content: problems.length ? (
          <ul>
            {problems.slice(0, 20).map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : (
          t('Không có gì được lưu.', 'Nothing was saved.')
        ),
      });
    } finally {
      setImportProgress(undefined);
    }
  };

  const update = async (u: User, body: Schemas['UpdateUserDto'], done: string) => {
    try {
      await call(api.PATCH('/api/admin/users/{id}', { params: { path: { id: u.id } }, body }));
      void message.success(done);
      users.reload();
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };

  const reset = async (u: User) => {
    try {
      const r = await call(api.POST('/api/admin/users/{id}/password-reset', { params: { path: { id: u.id } } }));
      modal.info({
        title: t('Mật khẩu mới (chỉ hiện một lần)', 'New password (shown once)'),
        content: (
          <span>
            {u.username}: <code>{r.generatedPassword}</code>
          </span>
        ),
      });
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };

  /** 'Gửi lại lời mời': a new first-sign-in link by mail (the older links stop working). */
  const invite = async (u: User) => {
    try {
      await call(api.POST('/api/admin/users/{id}/invitation', { params: { path: { id: u.id } } }));
      void message.success(
        t(`Đã gửi lời mời mới tới ${u.email ?? ''}.`, `A new invitation was sent to ${u.email ?? ''}.`),
      );
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };

  const roleOptions = ALL_ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS, r, lang) }));

  return (
    <Card
      title={
        <Typography.Title level={1} style={{ margin: 0, fontSize: narrow ? 18 : undefined }}>
          {t('Người dùng', 'Users')}
        </Typography.Title>
      }
      extra={
        <Space size={8}>
          <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => (void importFile(f), false)}>
            <Button
              icon={<UploadOutlined />}
              loading={importProgress !== undefined}
              aria-label={t('Nhập từ tệp (.xlsx, .csv)', 'Import (.xlsx, .csv)')}
            >
              {importProgress !== undefined
                ? `${importProgress}%`
                : narrow
                  ? null
                  : t('Nhập từ tệp (.xlsx, .csv)', 'Import (.xlsx, .csv)')}
            </Button>
          </Upload>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {narrow ? t('Thêm', 'Add') : t('Thêm người dùng', 'Add user')}
          </Button>
        </Space>
      }
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          allowClear
          placeholder={t('Vai trò', 'Role')}
          style={{ width: 240 }}
          options={roleOptions}
          value={role}
          onChange={(v: Role | undefined) => (setRole(v), setPage(1))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('Tổ chức', 'Organisation')}
          aria-label={t('Tổ chức', 'Organisation')}
          style={{ width: 260 }}
          options={organisationOptions}
          value={org}
          onChange={(v: string | undefined) => (setOrg(v), setPage(1))}
        />
        <Typography.Text type="secondary">
          {t(
            'Cột của tệp nhập: tên đăng nhập, họ tên, email, mã tổ chức, vai trò',
            'Import columns: username, full name, email, organisation code, roles',
          )}
        </Typography.Text>
      </Space>
      {users.error ? <ErrorState error={users.error} onRetry={users.reload} /> : null}
      <Table<User>
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: users.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        locale={{ emptyText: <EmptyState title={t('Không có người dùng phù hợp.', 'No matching users.')} /> }}
        columns={[
          { title: t('Tên đăng nhập', 'Username'), dataIndex: 'username' },
          { title: t('Họ tên', 'Full name'), dataIndex: 'fullName' },
          {
            title: t('Tổ chức', 'Organisation'),
            dataIndex: 'organisationName',
            render: (name: string, u: User) => <Tooltip title={u.organisationCode}>{name}</Tooltip>,
          },
          {
            title: t('Vai trò', 'Roles'),
            dataIndex: 'roles',
            render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{label(ROLE_LABELS, r, lang)}</Tag>),
          },
          {
            title: t('Trạng thái', 'Status'),
            key: 'status',
            render: (_: unknown, u: User) =>
              !u.active ? (
                <Tag>{t('Đã khóa', 'Inactive')}</Tag>
              ) : u.lockedUntil && Date.parse(u.lockedUntil) > Date.now() ? (
                <Tag color="orange">
                  {t('Tạm khóa đến', 'Locked until')} {formatDateTime(u.lockedUntil)}
                </Tag>
              ) : u.mustChangePassword ? (
                <Tag color="gold">{t('Chờ đổi mật khẩu', 'Must change password')}</Tag>
              ) : (
                <Tag color="green">{t('Hoạt động', 'Active')}</Tag>
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, u: User) => (
              <Space size={4}>
                <Button size="small" onClick={() => void reset(u)}>
                  {t('Cấp lại mật khẩu', 'Reset password')}
                </Button>
                {u.email && u.mustChangePassword ? (
                  <Button size="small" onClick={() => void invite(u)}>
                    {t('Gửi lại lời mời', 'Resend invitation')}
                  </Button>
                ) : null}
                {u.lockedUntil ? (
                  <Button size="small" onClick={() => void update(u, { unlock: true }, t('Đã mở khóa.', 'Unlocked.'))}>
                    {t('Mở khóa', 'Unlock')}
                  </Button>
                ) : null}
                <Switch
                  size="small"
                  checked={u.active}
                  aria-label={t('Đang hoạt động', 'Active')}
                  onChange={(active) =>
                    void update(
                      u,
                      { active },
                      active ? t('Đã kích hoạt.', 'Activated.') : t('Đã vô hiệu hóa.', 'Deactivated.'),
                    )
                  }
                />
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('Thêm người dùng', 'Add user')}
        okText={t('Tạo tài khoản', 'Create')}
        cancelText={t('Hủy', 'Cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 12 }} /> : null}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void create(v)}
          initialValues={{ roles: ['unit_officer'] }}
        >
          <Form.Item
            name="username"
            label={t('Tên đăng nhập', 'Username')}
            rules={[
              {
                required: true,
                pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/,
                message: t(
                  'Chữ thường, số, dấu chấm/gạch; 3–64 ký tự',
                  'Lower-case letters, digits, . _ -; 3–64 characters',
                ),
              },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="fullName" label={t('Họ và tên', 'Full name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label="Email">
            <Input type="email" />
          </Form.Item>
          <Form.Item name="organisationCode" label={t('Tổ chức', 'Organisation')} rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={organisationOptions} />
          </Form.Item>
          <Form.Item name="roles" label={t('Vai trò', 'Roles')} rules={[{ required: true }]}>
            <Select mode="multiple" options={roleOptions} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t(
              'Mật khẩu (để trống: hệ thống cấp, phải đổi khi đăng nhập)',
              'Password (empty: generated, must be changed)',
            )}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
