/**
 * Secretariat: small fixes to a stored criteria set (issue 15 item 3) — points, a leaf's rule (in the words of the
 * "Hướng dẫn chấm" column), its content area and evidence hint — through PATCH /api/admin/criteria-sets/{id}, which
 * validates them as an import is. A stored version never changes: the fixes become the next version, and a version a
 * campaign uses says so before saving (the campaign keeps its version). A refusal puts each problem at its criterion's
 * field and keeps everything typed.
 */
import { Alert, App, Button, Card, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { webPath } from '@lib/web-routes';
import { api, ApiError, call, type Schemas } from '../api/client';
import { ErrorState, errorText, Loading } from '../components/states';
import { formatNumber } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type NodeView = Schemas['CriteriaSetNodeView'];
type Edit = Schemas['CriterionEditDto'];

interface NodeValues {
  maxPoints: string;
  ruleText?: string;
  contentArea?: string;
  evidenceHint?: string;
}

interface EditValues {
  nodes: Record<string, NodeValues>;
}

interface Problem {
  code?: string;
  field?: string;
  message: string;
  messageVi: string;
  severity?: string;
}

/** Points as people write them here (decimal comma). */
const pointsText = (n: number) => String(n).replace('.', ',');

const valuesOf = (nodes: NodeView[]): EditValues => ({
  nodes: Object.fromEntries(
    nodes.map((n) => [
      n.code,
      {
        maxPoints: pointsText(n.maxPoints),
        ruleText: n.ruleText ?? '',
        contentArea: n.contentAreaInherited ? '' : (n.contentArea ?? ''),
        evidenceHint: n.evidenceHint ?? '',
      },
    ]),
  ),
});

/** Only what changed, per criterion (the api applies these edits to the version shown). */
export function editsOf(before: EditValues, now: EditValues): Edit[] {
  const edits: Edit[] = [];
  for (const [code, was] of Object.entries(before.nodes)) {
    const is = now.nodes[code] ?? was;
    const edit: Edit = { code };
    if (is.maxPoints.trim() !== was.maxPoints) {
      edit.maxPoints = is.maxPoints.trim();
    }
    if ((is.ruleText ?? '').trim() !== (was.ruleText ?? '')) {
      edit.ruleText = (is.ruleText ?? '').trim();
    }
    if ((is.contentArea ?? '').trim() !== (was.contentArea ?? '') && is.contentArea?.trim()) {
      edit.contentArea = is.contentArea.trim();
    }
    if ((is.evidenceHint ?? '').trim() !== (was.evidenceHint ?? '')) {
      edit.evidenceHint = (is.evidenceHint ?? '').trim();
    }
    if (Object.keys(edit).length > 1) {
      edits.push(edit);
    }
  }
  return edits;
}

/** The form field a problem belongs to (the validation names points, rule or content area). */
function fieldOf(p: Problem): keyof NodeValues {
  if (p.field === 'rule' || p.field?.startsWith('rule')) {
    return 'ruleText';
  }
  if (p.field === 'contentArea') {
    return 'contentArea';
  }
  if (p.field === 'evidenceHint') {
    return 'evidenceHint';
  }
  return 'maxPoints';
}

export default function CriteriaSetEditPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<unknown>();
  const set = useAsync(() => call(api.GET('/api/admin/criteria-sets/{id}', { params: { path: { id } } })), [id]);
  const initial = useMemo(() => (set.data ? valuesOf(set.data.nodes) : undefined), [set.data]);

  if (set.loading && !set.data) {
    return <Loading />;
  }
  if (set.error || !set.data || !initial) {
    return <ErrorState error={set.error} onRetry={set.reload} />;
  }
  const data = set.data;
  const inUse = data.usedBy > 0;

  const save = async () => {
    const edits = editsOf(initial, form.getFieldsValue(true) as EditValues);
    setProblems([]);
    setError(undefined);
    // A save answers afresh: the last refusal's errors go from every field, not only from the ones since edited
    // (a sum that did not add up sits at the parent, while the fix is typed at a leaf).
    form.setFields(
      form
        .getFieldsError()
        .filter((f) => f.errors.length > 0)
        .map((f) => ({ name: f.name as never, errors: [] })),
    );
    if (edits.length === 0) {
      void message.info(t('Chưa có thay đổi nào để lưu.', 'Nothing has changed.'));
      return;
    }
    setBusy(true);
    try {
      const stored = await call(
        api.PATCH('/api/admin/criteria-sets/{id}', {
          params: { path: { id } },
          body: { edits, ...(inUse ? { newVersion: true } : {}) },
        }),
      );
      void message.success(t(`Đã lưu thành phiên bản ${stored.version}.`, `Saved as version ${stored.version}.`));
      void navigate(webPath('criteriaSet', { id: stored.id }));
    } catch (e) {
      setError(e);
      const listed =
        e instanceof ApiError && e.details && typeof e.details === 'object'
          ? ((e.details as { problems?: Problem[] }).problems ?? [])
          : [];
      setProblems(listed);
      // Each problem at its criterion's field; what was typed stays in the form.
      const byField = new Map<string, string[]>();
      for (const p of listed.filter((x) => x.code && initial.nodes[x.code] && x.severity !== 'warning')) {
        const key = JSON.stringify(['nodes', p.code, fieldOf(p)]);
        byField.set(key, [...(byField.get(key) ?? []), lang === 'vi' ? p.messageVi : p.message]);
      }
      form.setFields([...byField].map(([key, errors]) => ({ name: JSON.parse(key) as never, errors })));
    } finally {
      setBusy(false);
    }
  };

  const columns = [
    {
      title: t('Mã', 'Code'),
      dataIndex: 'code',
      width: 70,
      render: (code: string) => <Typography.Text strong>{code}</Typography.Text>,
    },
    {
      title: t('Tiêu chí', 'Criterion'),
      dataIndex: 'title',
      width: 260,
      render: (title: string, n: NodeView) => (
        <span style={{ paddingLeft: (n.depth - 1) * 12, display: 'inline-block' }}>
          {n.leaf ? title : <Typography.Text strong>{title}</Typography.Text>}
        </span>
      ),
    },
    {
      title: t('Điểm tối đa', 'Max points'),
      key: 'maxPoints',
      width: 110,
      render: (_: unknown, n: NodeView) => (
        <Form.Item name={['nodes', n.code, 'maxPoints']} style={{ margin: 0 }}>
          <Input aria-label={t(`Điểm tối đa ${n.code}`, `Max points ${n.code}`)} inputMode="decimal" />
        </Form.Item>
      ),
    },
    {
      title: t('Hướng dẫn chấm (cách tính điểm)', 'Scoring rule'),
      key: 'ruleText',
      width: 300,
      render: (_: unknown, n: NodeView) =>
        n.leaf ? (
          <Form.Item name={['nodes', n.code, 'ruleText']} style={{ margin: 0 }}>
            <Input.TextArea
              aria-label={t(`Hướng dẫn chấm ${n.code}`, `Scoring rule ${n.code}`)}
              autoSize={{ minRows: 1, maxRows: 4 }}
            />
          </Form.Item>
        ) : null,
    },
    {
      title: t('Nội dung thẩm định', 'Content area'),
      key: 'contentArea',
      width: 170,
      render: (_: unknown, n: NodeView) => (
        <Form.Item
          name={['nodes', n.code, 'contentArea']}
          style={{ margin: 0 }}
          extra={
            // Its wording, not the key the set stores (an area nobody has worded yet has only its key).
            n.contentAreaInherited && n.contentArea
              ? t(
                  `theo mục trên: ${n.contentAreaName ?? n.contentArea}`,
                  `inherited: ${n.contentAreaName ?? n.contentArea}`,
                )
              : undefined
          }
        >
          <Input aria-label={t(`Nội dung thẩm định ${n.code}`, `Content area ${n.code}`)} />
        </Form.Item>
      ),
    },
    {
      title: t('Tài liệu kiểm chứng', 'Evidence hint'),
      key: 'evidenceHint',
      width: 240,
      render: (_: unknown, n: NodeView) => (
        <Form.Item name={['nodes', n.code, 'evidenceHint']} style={{ margin: 0 }}>
          <Input.TextArea
            aria-label={t(`Tài liệu kiểm chứng ${n.code}`, `Evidence hint ${n.code}`)}
            autoSize={{ minRows: 1, maxRows: 4 }}
          />
        </Form.Item>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={1} style={{ margin: 0, fontSize: 20, whiteSpace: 'normal' }}>
            {t('Sửa bộ tiêu chí', 'Edit criteria set')}: {data.title}
          </Typography.Title>
        }
        extra={<Link to={webPath('criteria', {})}>{t('Danh sách bộ tiêu chí', 'All criteria sets')}</Link>}
      >
        <Space wrap size={8} style={{ marginBottom: 12 }}>
          <Tag>{t(`Phiên bản ${data.version}`, `Version ${data.version}`)}</Tag>
          <Tag>{t(`Tổng ${formatNumber(data.maxPoints)} điểm`, `Total ${formatNumber(data.maxPoints)} points`)}</Tag>
        </Space>
        <Alert
          type={inUse ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            inUse
              ? t(
                  `Phiên bản ${data.version} đang được ${data.usedBy} đơn vị trong đợt đánh giá dùng nên không thay đổi: khi lưu, các sửa đổi thành phiên bản ${data.version + 1}; đợt đánh giá vẫn giữ phiên bản ${data.version}.`,
                  `Version ${data.version} is used by ${data.usedBy} units of a campaign and does not change: saving stores version ${data.version + 1}; the campaign keeps version ${data.version}.`,
                )
              : t(
                  'Khi lưu, các sửa đổi thành phiên bản mới của bộ tiêu chí; phiên bản này vẫn được giữ.',
                  'Saving stores the changes as a new version; this one is kept.',
                )
          }
        />
        {error ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={errorText(error, lang)}
            description={
              problems.length ? (
                <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="criteria-edit-problems">
                  {problems.map((p, i) => (
                    <li key={i}>
                      {p.code ? `${p.code}: ` : ''}
                      {lang === 'vi' ? p.messageVi : p.message}
                    </li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        ) : null}
        <Form<EditValues> form={form} initialValues={initial} preserve>
          <div style={{ overflowX: 'auto' }}>
            <Table<NodeView>
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={data.nodes}
              columns={columns}
              scroll={{ x: 1150 }}
            />
          </div>
          <Space wrap style={{ marginTop: 16 }}>
            <Button type="primary" loading={busy} onClick={() => void save()}>
              {inUse
                ? t(`Lưu thành phiên bản ${data.version + 1}`, `Save as version ${data.version + 1}`)
                : t('Lưu phiên bản mới', 'Save a new version')}
            </Button>
            <Button onClick={() => void navigate(webPath('criteria', {}))}>{t('Hủy', 'Cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </Space>
  );
}
