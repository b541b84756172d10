/**
 * Secretariat: criteria sets. Upload an .xlsx (or the YAML form) → dry-run preview (tree, totals, every problem
 * with its row) → confirm the import, which stores a new version. Stored versions can be downloaded as .xlsx.
 */
import { CheckCircleOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Grid,
  Input,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { webPath } from '@lib/web-routes';
import { api, call, type Schemas } from '../api/client';
import { ImportSteps, useImportUpload } from '../components/import-upload';
import { EmptyState, ErrorState, errorText, Loading } from '../components/states';
import { useCampaign } from '../lib/campaign-context';
import { formatDateTime, formatNumber } from '../lib/format';
import { ruleKindLabel } from '../lib/rule-kinds';
import { label, UNIT_GROUP_LABELS, useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type Preview = Schemas['CriteriaImportView'];
type Node = Schemas['CriteriaNodeView'];
type ProblemView = Schemas['CriteriaProblemView'];

interface Options {
  campaignId?: number;
  unitGroup?: string;
  key?: string;
}

function query(o: Options, dryRun: boolean): string {
  const q = new URLSearchParams({ dryRun: String(dryRun) });
  if (o.campaignId) {
    q.set('campaignId', String(o.campaignId));
  }
  if (o.unitGroup) {
    q.set('unitGroup', o.unitGroup);
  }
  if (o.key?.trim()) {
    q.set('key', o.key.trim());
  }
  return q.toString();
}

/** Leaves have no children: antd would show an expand icon for an empty array. */
interface TreeRow extends Omit<Node, 'children'> {
  children?: TreeRow[];
}
function treeRows(nodes: Node[]): TreeRow[] {
  return nodes.map((n) => ({ ...n, children: n.children.length ? treeRows(n.children) : undefined }));
}

export default function CriteriaPage() {
  const { t, lang } = useLang();
  // On a phone the choices stack (label above field): in one row they were wider than the screen.
  const narrow = Grid.useBreakpoint().md === false;
  const { message } = App.useApp();
  const { campaigns, current } = useCampaign();
  const sets = useAsync(() => call(api.GET('/api/admin/criteria-sets')), []);
  // The authority's own unit groups (data, issue 15): a province's "Phường" or "Xã, đặc khu", not a fixed pair.
  const groups = useAsync(() => call(api.GET('/api/admin/unit-groups')), []);
  const groupName = (key: string | null | undefined): string =>
    !key
      ? '—'
      : (groups.data?.find((g) => g.key === key)?.name ??
        (UNIT_GROUP_LABELS[key] ? label(UNIT_GROUP_LABELS, key, lang) : t('Nhóm chưa đặt tên', 'Unnamed group')));
  const groupOptions = [...new Set([...(groups.data ?? []).map((g) => g.key), ...Object.keys(UNIT_GROUP_LABELS)])].map(
    (key) => ({ value: key, label: groupName(key) }),
  );
  const [options, setOptions] = useState<Options>({});
  const upload = useImportUpload<Preview>();
  const { file, progress, result: preview, error, importing } = upload;
  const [form] = Form.useForm<Options>();
  const url = (o: Options, dryRun: boolean) => `/api/admin/criteria/import?${query(o, dryRun)}`;

  const runPreview = (f: File, o: Options) => {
    setOptions(o);
    return upload.preview(f, url(o, true));
  };

  const confirm = () =>
    upload.confirm(url(options, false), (done) => {
      void message.success(
        done.stored?.created
          ? t(`Đã lưu phiên bản ${done.stored.version}.`, `Version ${done.stored.version} stored.`)
          : t('Bộ tiêu chí không thay đổi: giữ phiên bản hiện có.', 'Unchanged: the current version is kept.'),
      );
      sets.reload();
    });

  const errors = preview?.problems.filter((p) => p.severity === 'error') ?? [];
  const step = !preview ? 0 : preview.stored ? 2 : 1;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={1} style={{ margin: 0 }}>
            {t('Nhập bộ tiêu chí', 'Import a criteria set')}
          </Typography.Title>
        }
      >
        <ImportSteps current={step} style={{ marginBottom: 16 }} />
        <Form
          form={form}
          layout={narrow ? 'vertical' : 'inline'}
          initialValues={{ campaignId: current?.id }}
          onValuesChange={() => upload.setResult(undefined)}
        >
          <Form.Item name="campaignId" label={t('Đối chiếu phân công của đợt', 'Check routing of campaign')}>
            <Select
              allowClear
              style={{ width: narrow ? '100%' : 260 }}
              placeholder={t('(không đối chiếu)', '(no check)')}
              options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Form.Item name="unitGroup" label={t('Nhóm đơn vị', 'Unit group')}>
            <Select
              allowClear
              style={{ width: narrow ? '100%' : 220 }}
              placeholder={t('(theo tệp)', '(from the file)')}
              options={groupOptions}
            />
          </Form.Item>
          <Form.Item name="key" label={t('Mã bộ', 'Set key')}>
            <Input style={{ width: narrow ? '100%' : 180 }} placeholder={t('(theo tệp)', '(from the file)')} />
          </Form.Item>
          <Form.Item>
            <Upload
              accept=".xlsx,.yaml,.yml"
              showUploadList={false}
              beforeUpload={(f) => (void runPreview(f, form.getFieldsValue()), false)}
            >
              <Button type="primary" icon={<UploadOutlined />} loading={progress !== undefined && !importing}>
                {t('Chọn tệp và xem trước', 'Choose a file and preview')}
              </Button>
            </Upload>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t(
            'Tệp Excel theo mẫu: STT/Mã | Lĩnh vực/Tiêu chí/TCTP | Điểm tối đa | Hướng dẫn chấm | Tài liệu kiểm chứng | Cơ quan thẩm định. Chạy thử không lưu gì.',
            'Excel layout: Code | Field/Criterion | Max points | Scoring guidance | Evidence | Appraiser. A dry run saves nothing.',
          )}
        </Typography.Paragraph>
        {progress !== undefined ? (
          <Progress
            percent={progress}
            size="small"
            style={{ maxWidth: 400 }}
            aria-label={t('Tiến độ tải lên', 'Upload progress')}
          />
        ) : null}
        {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={errorText(error, lang)} /> : null}
      </Card>

      {preview ? (
        <Card
          data-testid="criteria-preview"
          title={`${t('Xem trước', 'Preview')}: ${file?.name ?? ''}`}
          extra={
            preview.stored ? (
              <Tag icon={<CheckCircleOutlined />} color="success">
                {t(`Đã lưu — phiên bản ${preview.stored.version}`, `Stored — version ${preview.stored.version}`)}
              </Tag>
            ) : (
              <Button type="primary" disabled={!preview.ok} loading={importing} onClick={() => void confirm()}>
                {t('Xác nhận nhập', 'Confirm import')}
              </Button>
            )
          }
        >
          {preview.ok ? (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('Hợp lệ: có thể nhập.', 'Valid: ready to import.')}
            />
          ) : (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={t(
                `${errors.length} lỗi — sửa tệp rồi chọn lại; chưa lưu gì.`,
                `${errors.length} errors — fix the file and choose it again; nothing saved.`,
              )}
            />
          )}
          {/* One item a line on a phone: four columns of 390 px squeezed the title to a word, the key to letters. */}
          {preview.set ? (
            <Descriptions size="small" column={narrow ? 1 : 4} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('Tên', 'Title')} span={narrow ? 1 : 2}>
                {preview.set.title}
                {preview.set.sample ? (
                  <Tag color="orange" style={{ marginLeft: 8 }}>
                    {t('MẪU', 'SAMPLE')}
                  </Tag>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('Mã', 'Key')}>{preview.set.key}</Descriptions.Item>
              <Descriptions.Item label={t('Nhóm', 'Group')}>{groupName(preview.set.unitGroup)}</Descriptions.Item>
            </Descriptions>
          ) : null}
          {preview.problems.length ? (
            <Table<ProblemView>
              data-testid="criteria-problems"
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              scroll={{ x: 'max-content' }}
              style={{ marginBottom: 16 }}
              dataSource={preview.problems}
              columns={[
                {
                  title: t('Dòng', 'Row'),
                  width: 70,
                  render: (_: unknown, p: ProblemView) => p.row ?? p.line ?? '—',
                },
                {
                  title: t('Mức', 'Level'),
                  width: 90,
                  render: (_: unknown, p: ProblemView) =>
                    p.severity === 'error' ? (
                      <Tag color="red">{t('Lỗi', 'Error')}</Tag>
                    ) : (
                      <Tag color="gold">{t('Cảnh báo', 'Warning')}</Tag>
                    ),
                },
                { title: t('Mã', 'Code'), dataIndex: 'code', width: 90 },
                { title: t('Cột', 'Column'), dataIndex: 'field', width: 140 },
                {
                  title: t('Vấn đề', 'Problem'),
                  render: (_: unknown, p: ProblemView) => (lang === 'vi' ? p.messageVi : p.message),
                },
              ]}
            />
          ) : null}
          {preview.totals ? (
            <Space wrap style={{ marginBottom: 12 }} data-testid="criteria-totals">
              {preview.totals.fields.map((f) => (
                <Tag key={f.code}>
                  {f.code}: {formatNumber(f.maxPoints)}
                </Tag>
              ))}
              <Tag color={preview.totals.total === preview.totals.declared ? 'green' : 'red'}>
                {t('Tổng', 'Total')}: {formatNumber(preview.totals.total)} / {formatNumber(preview.totals.declared)}
              </Tag>
              <Tag>
                {preview.totals.leaves} {t('tiêu chí lá', 'leaves')}
              </Tag>
            </Space>
          ) : null}
          {preview.tree.length ? (
            <Table<TreeRow>
              size="small"
              rowKey="code"
              pagination={false}
              scroll={{ x: 'max-content', y: 420 }}
              dataSource={treeRows(preview.tree)}
              columns={[
                { title: t('Mã', 'Code'), dataIndex: 'code', width: 140 },
                {
                  title: t('Tiêu chí', 'Criterion'),
                  key: 'title',
                  // On a phone the area columns are off screen: the area's name goes under the title.
                  render: (_: unknown, n: TreeRow) =>
                    narrow && n.contentArea ? (
                      <Space orientation="vertical" size={0}>
                        <span>{n.title}</span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {n.contentAreaName ?? n.contentArea}
                        </Typography.Text>
                      </Space>
                    ) : (
                      n.title
                    ),
                },
                {
                  title: t('Điểm tối đa', 'Max'),
                  dataIndex: 'maxPoints',
                  width: 100,
                  align: 'right',
                  render: (v: number) => formatNumber(v),
                },
                {
                  title: t('Cách chấm', 'Rule'),
                  dataIndex: 'ruleKind',
                  width: 130,
                  render: (kind: string | undefined) => ruleKindLabel(kind, t),
                },
                {
                  title: t('Nội dung thẩm định', 'Content area'),
                  key: 'contentArea',
                  width: 220,
                  // The area as the sheet words it; its generated key is for files and routes, not for the screen.
                  render: (_: unknown, n: TreeRow) => (n.contentArea ? (n.contentAreaName ?? n.contentArea) : null),
                },
                { title: t('Dòng', 'Row'), width: 70, render: (_: unknown, n: TreeRow) => n.row ?? n.line ?? '' },
              ]}
            />
          ) : null}
        </Card>
      ) : null}

      <Card title={t('Các bộ tiêu chí đã lưu', 'Stored criteria sets')}>
        {sets.loading && !sets.data ? (
          <Loading />
        ) : sets.error ? (
          <ErrorState error={sets.error} onRetry={sets.reload} />
        ) : !sets.data?.length ? (
          <EmptyState title={t('Chưa có bộ tiêu chí nào.', 'No criteria set yet.')} />
        ) : (
          <Table<Schemas['CriteriaSetListItemView']>
            size="small"
            rowKey="id"
            pagination={false}
            // On a phone the table scrolls inside its card, not the page.
            scroll={{ x: 'max-content' }}
            dataSource={sets.data}
            columns={[
              { title: t('Mã', 'Key'), dataIndex: 'code' },
              { title: t('Phiên bản', 'Version'), dataIndex: 'version', width: 90 },
              { title: t('Tên', 'Title'), dataIndex: 'title' },
              {
                title: t('Nhóm', 'Group'),
                dataIndex: 'unitGroup',
                width: 140,
                render: (key: string | null) => groupName(key),
              },
              {
                title: t('Tổng điểm', 'Total'),
                dataIndex: 'maxPoints',
                width: 90,
                render: (v: number) => formatNumber(v),
              },
              { title: t('Đơn vị dùng', 'Used by'), dataIndex: 'usedBy', width: 100 },
              {
                title: t('Ngày lưu', 'Stored'),
                dataIndex: 'createdAt',
                width: 150,
                render: (d: string) => formatDateTime(d),
              },
              {
                title: '',
                key: 'export',
                width: 90,
                render: (_: unknown, s: Schemas['CriteriaSetListItemView']) => (
                  <Space size={12}>
                    <Link
                      to={webPath('criteriaSet', { id: s.id })}
                      aria-label={t(`Sửa ${s.code} phiên bản ${s.version}`, `Edit ${s.code} version ${s.version}`)}
                    >
                      {t('Sửa', 'Edit')}
                    </Link>
                    <a href={`/api/admin/criteria-sets/${s.id}/export.xlsx`} title={t('Tải .xlsx', 'Download .xlsx')}>
                      <DownloadOutlined />
                    </a>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
