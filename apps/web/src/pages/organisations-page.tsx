/**
 * Secretariat: the authority's organisations and assessed units — code, name, short name, the other names sheets
 * use for it (aliases, for name matching), the unit group it is ranked in, and the units it succeeds (mergers).
 * Create and edit in a modal; a refused save keeps the modal open with everything typed. Below `md` the table
 * becomes a list of cards, so a phone never scrolls sideways.
 */
import { EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  AutoComplete,
  Button,
  Card,
  Descriptions,
  Form,
  Grid,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { FormModal, RecordCards } from '../components/record-cards';
import { EmptyState, ErrorState } from '../components/states';
import { plainText } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';
import { OrganisationsImport } from './organisations-import';
import { UnitGroupNames, useUnitGroupLabels } from './unit-group-names';

type Organisation = Schemas['OrganisationDto'];

interface FormValues {
  code: string;
  name: string;
  shortName?: string;
  aliases?: string[];
  unitGroup?: string;
  predecessors?: string[];
}

/** Codes as the api stores them: lower-case letters, digits, . _ - (1–64). */
const CODE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function matches(o: Organisation, q: string): boolean {
  const needle = plainText(q.trim());
  return (
    !needle ||
    [o.code, o.name, o.shortName ?? '', ...o.aliases, o.unitGroup ?? ''].some((s) => plainText(s).includes(needle))
  );
}

export default function OrganisationsPage() {
  const { t } = useLang();
  const { message } = App.useApp();
  const narrow = Grid.useBreakpoint().md === false;
  const list = useAsync(() => call(api.GET('/api/admin/organisations')), []);
  const unitGroups = useAsync(() => call(api.GET('/api/admin/unit-groups')), []);
  const [search, setSearch] = useState('');
  /** The organisation being edited; `null` while creating one; `undefined` when the modal is closed. */
  const [editing, setEditing] = useState<Organisation | null>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const [importOpen, setImportOpen] = useState(false);

  const all = useMemo(() => list.data ?? [], [list.data]);
  const shown = useMemo(() => all.filter((o) => matches(o, search)), [all, search]);
  const groups = useMemo(() => [...new Set(all.map((o) => o.unitGroup).filter((g): g is string => !!g))].sort(), [all]);
  const unitCodes = useMemo(() => all.filter((o) => o.unitGroup).map((o) => o.code), [all]);
  const { groupName, groupTitle, unitNames } = useUnitGroupLabels(all, unitGroups.data);
  const reloadAll = () => [list, unitGroups].forEach((a) => a.reload());

  const kindLabel = (o: Organisation) =>
    o.unitGroup ? (
      <Tag color="blue">{groupName(o.unitGroup)}</Tag>
    ) : o.kind === 'secretariat' ? (
      <Tag color="purple">{t('Thường trực', 'Secretariat')}</Tag>
    ) : (
      <Tag>{t('Cơ quan thẩm định', 'Appraising office')}</Tag>
    );

  const open = (o: Organisation | null) => {
    setError(undefined);
    setEditing(o);
    form.resetFields();
    form.setFieldsValue(
      o
        ? {
            code: o.code,
            name: o.name,
            shortName: o.shortName ?? '',
            aliases: o.aliases,
            unitGroup: o.unitGroup ?? undefined,
            predecessors: o.predecessors,
          }
        : { aliases: [], predecessors: [] },
    );
  };

  const save = async (v: FormValues) => {
    setBusy(true);
    setError(undefined);
    const fields = {
      name: v.name,
      shortName: v.shortName ?? '',
      aliases: v.aliases ?? [],
      unitGroup: v.unitGroup?.trim() || undefined,
      predecessors: v.predecessors ?? [],
    };
    try {
      if (editing) {
        await call(api.PATCH('/api/admin/organisations/{id}', { params: { path: { id: editing.id } }, body: fields }));
        void message.success(t(`Đã lưu ${editing.code}.`, `${editing.code} saved.`));
      } else {
        await call(api.POST('/api/admin/organisations', { body: { ...fields, code: v.code } }));
        void message.success(t(`Đã thêm ${v.code}.`, `${v.code} added.`));
      }
      setEditing(undefined);
      // The groups too: a unit may have brought a new group, to be named in "Nhóm đơn vị".
      reloadAll();
    } catch (e) {
      // The modal stays open with what was typed; the reason sits above the form.
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const actions = (o: Organisation) => (
    <Button size="small" icon={<EditOutlined />} onClick={() => open(o)} aria-label={`${t('Sửa', 'Edit')} ${o.code}`}>
      {t('Sửa', 'Edit')}
    </Button>
  );

  const names = (o: Organisation) =>
    o.aliases.length ? (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {o.aliases.join('; ')}
      </Typography.Text>
    ) : null;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {importOpen ? <OrganisationsImport onImported={reloadAll} /> : null}
      <Card
        title={
          <Typography.Title level={narrow ? 5 : 4} style={{ margin: 0 }}>
            {t('Đơn vị và cơ quan', 'Organisations and units')}
          </Typography.Title>
        }
        extra={
          <Space size={8}>
            <Button
              icon={<UploadOutlined />}
              onClick={() => setImportOpen((o) => !o)}
              aria-label={t('Nhập từ tệp .xlsx', 'Import .xlsx')}
            >
              {narrow ? null : t('Nhập từ tệp .xlsx', 'Import .xlsx')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open(null)}>
              {narrow ? t('Thêm', 'Add') : t('Thêm đơn vị', 'Add')}
            </Button>
          </Space>
        }
        styles={narrow ? { body: { padding: 12 } } : undefined}
      >
        <Space style={{ marginBottom: 12, width: '100%' }} wrap>
          <Input.Search
            allowClear
            placeholder={t('Tìm theo mã, tên, tên khác, nhóm', 'Search code, name, alias, group')}
            style={{ width: narrow ? '100%' : 320 }}
            onChange={(e) => setSearch(e.target.value)}
            aria-label={t('Tìm đơn vị', 'Search')}
          />
          <Typography.Text type="secondary" data-testid="organisation-count">
            {t(`${shown.length}/${all.length} đơn vị`, `${shown.length}/${all.length} organisations`)}
            {groups.length ? ` · ${t('nhóm', 'groups')}: ${groups.map(groupTitle).join('; ')}` : ''}
          </Typography.Text>
        </Space>
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {narrow ? (
          <RecordCards<Organisation>
            testId="organisation-cards"
            items={shown}
            loading={list.loading}
            pageSize={20}
            empty={t('Chưa có đơn vị nào.', 'No organisations yet.')}
            tags={kindLabel}
            actions={actions}
            details={(o) => (
              <>
                {o.shortName ? <Typography.Text>{o.shortName}</Typography.Text> : null}
                {names(o)}
                {o.predecessors.length ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('Tiền thân', 'Predecessors')}: {o.predecessors.join(', ')}
                  </Typography.Text>
                ) : null}
              </>
            )}
          />
        ) : (
          <Table<Organisation>
            rowKey="id"
            size="small"
            loading={list.loading}
            dataSource={shown}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: <EmptyState title={t('Chưa có đơn vị nào.', 'No organisations yet.')} /> }}
            columns={[
              { title: t('Mã', 'Code'), dataIndex: 'code', width: 150 },
              {
                title: t('Tên', 'Name'),
                key: 'name',
                render: (_: unknown, o: Organisation) => (
                  <Space orientation="vertical" size={0}>
                    <span>{o.name}</span>
                    {names(o)}
                  </Space>
                ),
              },
              { title: t('Tên ngắn', 'Short name'), dataIndex: 'shortName', width: 200 },
              { title: t('Loại/Nhóm', 'Kind/group'), key: 'kind', width: 150, render: (_: unknown, o) => kindLabel(o) },
              {
                title: t('Tiền thân', 'Predecessors'),
                dataIndex: 'predecessors',
                width: 180,
                render: (p: string[]) => p.join(', '),
              },
              { title: '', key: 'actions', width: 80, render: (_: unknown, o) => actions(o) },
            ]}
          />
        )}
        <FormModal
          open={editing !== undefined}
          title={editing ? `${t('Sửa đơn vị', 'Edit')} ${editing.code}` : t('Thêm đơn vị hoặc cơ quan', 'Add')}
          okText={t('Lưu', 'Save')}
          busy={busy}
          error={error}
          errorTestId="organisation-error"
          onOk={() => form.submit()}
          onCancel={() => setEditing(undefined)}
        >
          <Form form={form} layout="vertical" onFinish={(v) => void save(v)} name="organisation">
            <Form.Item
              name="code"
              label={t('Mã', 'Code')}
              extra={editing ? t('Mã là định danh, không đổi được.', 'The code is its identity and stays.') : null}
              normalize={(v: string) => v?.toLowerCase()}
              rules={[
                { required: true, message: t('Nhập mã đơn vị.', 'Enter a code.') },
                {
                  pattern: CODE,
                  message: t(
                    'Mã gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới; tối đa 64 ký tự (ví dụ: p-bac-son).',
                    'Lower-case letters, digits, . _ -; up to 64 characters (e.g. p-bac-son).',
                  ),
                },
              ]}
            >
              <Input disabled={!!editing} placeholder="p-bac-son" />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('Tên đầy đủ', 'Full name')}
              rules={[
                { required: true, whitespace: true, message: t('Nhập tên đơn vị.', 'Enter the name.') },
                { max: 255, message: t('Tên tối đa 255 ký tự.', 'At most 255 characters.') },
              ]}
            >
              <Input placeholder={t('Ủy ban nhân dân phường Bắc Sơn', 'Ủy ban nhân dân phường Bắc Sơn')} />
            </Form.Item>
            <Form.Item
              name="shortName"
              label={t('Tên ngắn (trong bảng xếp hạng)', 'Short name (in rankings)')}
              rules={[{ max: 255, message: t('Tên ngắn tối đa 255 ký tự.', 'At most 255 characters.') }]}
            >
              <Input placeholder={t('Phường Bắc Sơn', 'Phường Bắc Sơn')} />
            </Form.Item>
            <Form.Item
              name="aliases"
              label={t('Tên khác (cách viết trong các bảng tính)', 'Other names (as sheets spell it)')}
              extra={t('Gõ một tên rồi nhấn Enter; tối đa 20 tên.', 'Type a name and press Enter; up to 20.')}
              rules={[
                { type: 'array', max: 20, message: t('Tối đa 20 tên khác.', 'At most 20 other names.') },
                {
                  validator: (_, v: string[] | undefined) =>
                    (v ?? []).some((a) => a.trim().length > 255)
                      ? Promise.reject(new Error(t('Mỗi tên tối đa 255 ký tự.', 'At most 255 characters each.')))
                      : Promise.resolve(),
                },
              ]}
            >
              <Select
                mode="tags"
                open={false}
                suffixIcon={null}
                tokenSeparators={[';']}
                aria-label={t('Tên khác', 'Other names')}
              />
            </Form.Item>
            <Form.Item
              name="unitGroup"
              label={t('Nhóm đơn vị được đánh giá', 'Assessed in unit group')}
              extra={
                editing?.unitGroup
                  ? t('Đơn vị đã được đánh giá: có thể đổi nhóm, không bỏ được.', 'Assessed: the group can change.')
                  : t('Để trống nếu là cơ quan thẩm định, không được xếp hạng.', 'Empty for an appraising office.')
              }
              normalize={(v: string | undefined) => v?.toLowerCase()}
              rules={[
                {
                  pattern: CODE,
                  message: t(
                    'Nhóm là mã chữ thường không dấu (ví dụ: so-nganh, xa-phuong).',
                    'A group is a lower-case code (e.g. commune).',
                  ),
                },
                {
                  required: !!editing?.unitGroup,
                  message: t('Đơn vị đã được đánh giá cần một nhóm.', 'An assessed unit needs a group.'),
                },
              ]}
            >
              <AutoComplete
                allowClear
                options={groups.map((g) => ({ value: g, label: groupTitle(g) }))}
                placeholder="xa-phuong"
                aria-label={t('Nhóm đơn vị', 'Unit group')}
              />
            </Form.Item>
            <Form.Item
              name="predecessors"
              label={t('Đơn vị tiền thân (mã, khi sáp nhập)', 'Predecessors (codes, for mergers)')}
              dependencies={['unitGroup']}
              normalize={(v: string[] | undefined) => v?.map((c) => c.trim().toLowerCase())}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: string[] | undefined) => {
                    const codes = v ?? [];
                    if (codes.length && !getFieldValue('unitGroup')) {
                      return Promise.reject(
                        new Error(
                          t(
                            'Chỉ đơn vị được đánh giá mới có tiền thân: chọn nhóm đơn vị hoặc bỏ các mã tiền thân.',
                            'Only an assessed unit has predecessors: choose a group or remove them.',
                          ),
                        ),
                      );
                    }
                    const bad = codes.filter((c) => !CODE.test(c));
                    return bad.length
                      ? Promise.reject(
                          new Error(
                            t(
                              `Mã không hợp lệ: ${bad.join(', ')} (chữ thường không dấu, số, . _ -).`,
                              `Invalid codes: ${bad.join(', ')}.`,
                            ),
                          ),
                        )
                      : Promise.resolve();
                  },
                }),
              ]}
            >
              <Select
                mode="tags"
                tokenSeparators={[';', ',', ' ']}
                options={unitCodes.filter((c) => c !== editing?.code).map((c) => ({ value: c }))}
                aria-label={t('Đơn vị tiền thân', 'Predecessors')}
              />
            </Form.Item>
            {editing ? (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('Loại', 'Kind')}>{kindLabel(editing)}</Descriptions.Item>
              </Descriptions>
            ) : null}
          </Form>
        </FormModal>
      </Card>
      {unitGroups.data?.length ? (
        <UnitGroupNames groups={unitGroups.data} unitNames={unitNames} onSaved={unitGroups.reload} />
      ) : null}
    </Space>
  );
}
