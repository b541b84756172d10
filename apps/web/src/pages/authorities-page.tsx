/**
 * Platform administrators: the authorities (tenants) par-index runs for, and the form that creates one with its
 * secretariat and first admin. The admin's generated password is shown once, in a dialog to copy from; a refused
 * creation keeps the form open with what was typed.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { FormModal, RecordCards } from '../components/record-cards';
import { EmptyState, ErrorState } from '../components/states';
import { formatDateTime, formatTimeZone } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type Authority = Schemas['AuthorityDto'];
type CreateAuthority = Schemas['CreateAuthorityDto'];

const LEVELS: Record<string, [string, string]> = {
  province: ['Tỉnh, thành phố trực thuộc trung ương', 'Province'],
  district: ['Huyện, thị xã, thành phố thuộc tỉnh (trước 2025)', 'District (before 2025)'],
  commune: ['Xã, phường, đặc khu', 'Commune'],
  ministry: ['Bộ, cơ quan ngang bộ', 'Ministry'],
};

export default function AuthoritiesPage() {
  const { t, lang } = useLang();
  const { modal } = App.useApp();
  const narrow = Grid.useBreakpoint().md === false;
  const list = useAsync(() => call(api.GET('/api/platform/authorities')), []);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<CreateAuthority>();
  const level = (l: string) => (LEVELS[l] ? LEVELS[l][lang === 'vi' ? 0 : 1] : l);

  const create = async (v: CreateAuthority) => {
    setBusy(true);
    setError(undefined);
    try {
      const created = await call(
        api.POST('/api/platform/authorities', {
          body: { ...v, admin: { ...v.admin, email: v.admin.email || undefined } },
        }),
      );
      setCreating(false);
      form.resetFields();
      list.reload();
      modal.info({
        title: t('Mật khẩu cấp lần đầu (chỉ hiện một lần)', 'First password (shown once)'),
        width: 480,
        content: (
          <Space orientation="vertical" size={4} data-testid="authority-created">
            <Typography.Text>
              {t(
                `Đã tạo ${created.authority.name}. Gửi tên đăng nhập và mật khẩu này cho người quản trị; họ phải đổi mật khẩu khi đăng nhập lần đầu.`,
                `${created.authority.name} created. Give this username and password to its admin, who must change it at first sign-in.`,
              )}
            </Typography.Text>
            <Typography.Text>
              {t('Tên đăng nhập', 'Username')}:{' '}
              <code data-testid="authority-admin-username">{created.adminUsername}</code>
            </Typography.Text>
            <Typography.Text copyable={{ text: created.adminPassword }}>
              {t('Mật khẩu', 'Password')}: <code data-testid="authority-admin-password">{created.adminPassword}</code>
            </Typography.Text>
          </Space>
        ),
      });
    } catch (e) {
      // The form stays open with what was typed; the reason sits above it.
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('Cơ quan triển khai', 'Authorities')}
        </Typography.Title>
      }
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => (setError(undefined), setCreating(true))}
          aria-label={t('Thêm cơ quan', 'Add authority')}
        >
          {narrow ? null : t('Thêm cơ quan', 'Add authority')}
        </Button>
      }
      styles={narrow ? { body: { padding: 12 } } : undefined}
    >
      <Typography.Paragraph type="secondary">
        {t(
          'Mỗi cơ quan chủ trì đánh giá (UBND tỉnh, huyện, xã; bộ, cơ quan ngang bộ) có dữ liệu riêng; người quản trị của cơ quan chỉ thấy dữ liệu của cơ quan mình.',
          'Each assessing authority has its own data; its admins see only theirs.',
        )}
      </Typography.Paragraph>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {narrow ? (
        <RecordCards<Authority>
          items={list.data ?? []}
          loading={list.loading}
          empty={t('Chưa có cơ quan nào.', 'No authorities yet.')}
          tags={(a) => <Tag>{level(a.level)}</Tag>}
          details={(a) => (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`${a.admins} người quản trị`, `${a.admins} admins`)} · {formatDateTime(a.createdAt)}
            </Typography.Text>
          )}
        />
      ) : (
        <Table<Authority>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <EmptyState title={t('Chưa có cơ quan nào.', 'No authorities yet.')} /> }}
          columns={[
            { title: t('Mã', 'Code'), dataIndex: 'code', width: 180 },
            { title: t('Tên', 'Name'), dataIndex: 'name' },
            { title: t('Cấp', 'Level'), dataIndex: 'level', width: 260, render: (l: string) => level(l) },
            {
              title: t('Múi giờ', 'Time zone'),
              dataIndex: 'timeZone',
              width: 170,
              render: (z: string) => formatTimeZone(z, lang),
            },
            { title: t('Người quản trị', 'Admins'), dataIndex: 'admins', width: 120 },
            {
              title: t('Ngày tạo', 'Created'),
              dataIndex: 'createdAt',
              width: 150,
              render: (d: string) => formatDateTime(d),
            },
          ]}
        />
      )}
      <FormModal
        open={creating}
        title={t('Thêm cơ quan triển khai', 'Add an authority')}
        okText={t('Tạo cơ quan và người quản trị', 'Create')}
        busy={busy}
        error={error}
        errorTestId="authority-error"
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
      >
        <Form
          form={form}
          layout="vertical"
          name="authority"
          initialValues={{ level: 'province' }}
          onFinish={(v) => void create(v)}
        >
          <Form.Item
            name="name"
            label={t('Tên cơ quan', 'Name')}
            rules={[
              { required: true, whitespace: true, message: t('Nhập tên cơ quan.', 'Enter the name.') },
              { max: 255, message: t('Tối đa 255 ký tự.', 'At most 255 characters.') },
            ]}
          >
            <Input placeholder="Ủy ban nhân dân thành phố Hải Phòng" />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('Mã cơ quan', 'Code')}
            normalize={(v: string) => v?.toLowerCase()}
            rules={[
              { required: true, message: t('Nhập mã cơ quan.', 'Enter a code.') },
              {
                pattern: /^[a-z0-9][a-z0-9-]{1,63}$/,
                message: t(
                  'Mã gồm 2–64 chữ thường không dấu, số và dấu gạch ngang (ví dụ: ubnd-hai-phong).',
                  '2–64 lower-case letters, digits and - (e.g. ubnd-hai-phong).',
                ),
              },
            ]}
          >
            <Input placeholder="ubnd-hai-phong" />
          </Form.Item>
          <Form.Item name="level" label={t('Cấp', 'Level')} rules={[{ required: true }]}>
            <Select
              aria-label={t('Cấp', 'Level')}
              options={Object.keys(LEVELS).map((l) => ({ value: l, label: level(l) }))}
            />
          </Form.Item>
          <Typography.Text strong>{t('Người quản trị đầu tiên', 'First admin')}</Typography.Text>
          <Form.Item
            name={['admin', 'username']}
            label={t('Tên đăng nhập', 'Username')}
            style={{ marginTop: 8 }}
            normalize={(v: string) => v?.toLowerCase()}
            rules={[
              { required: true, message: t('Nhập tên đăng nhập.', 'Enter a username.') },
              {
                pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/,
                message: t(
                  'Tên đăng nhập gồm 3–64 chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.',
                  '3–64 lower-case letters, digits, . _ -',
                ),
              },
            ]}
          >
            <Input placeholder="hp.quantri" autoComplete="off" />
          </Form.Item>
          <Form.Item
            name={['admin', 'fullName']}
            label={t('Họ và tên', 'Full name')}
            rules={[{ required: true, whitespace: true, message: t('Nhập họ và tên.', 'Enter the full name.') }]}
          >
            <Input placeholder="Nguyễn Thị Hoa" />
          </Form.Item>
          <Form.Item
            name={['admin', 'email']}
            label="Email"
            rules={[
              { type: 'email', message: t('Email không hợp lệ (ví dụ: hoa@haiphong.gov.vn).', 'Invalid email.') },
            ]}
          >
            <Input placeholder="hoa@haiphong.gov.vn" />
          </Form.Item>
        </Form>
      </FormModal>
    </Card>
  );
}
