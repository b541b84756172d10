/**
 * Unit officer: the self-assessment sheet as a tree table — max points, rule inputs with the suggested points,
 * self score, evidence, explanation and status per leaf. Changes autosave (debounced) with a visible state; the
 * deadline counts down; submitting lists what is still missing first.
 */
import { CloudUploadOutlined, DownloadOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { EvidenceTags, EvidenceUpload, EvidenceViewer } from '../components/evidence';
import { EmptyState, ErrorState, errorText, Loading } from '../components/states';
import { useCampaign } from '../lib/campaign-context';
import {
  formatClosed,
  formatCountdown,
  formatDateTime,
  formatDeadline,
  formatNumber,
  parseNumber,
} from '../lib/format';
import { SHEET_STATUS, useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type Sheet = Schemas['SheetView'];
type Node = Schemas['SheetNodeView'];
type Inputs = Schemas['RuleInputDto'];
type EvidenceRef = Schemas['EvidenceRefView'];
interface Edit {
  selfPoints: string;
  inputs: Inputs | null;
  explanation: string;
}
type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; error: unknown };

function leaves(nodes: Node[]): Node[] {
  return nodes.flatMap((n) => (n.leaf ? [n] : leaves(n.children ?? [])));
}

function editOf(n: Row): Edit {
  return {
    selfPoints: n.selfPoints === null || n.selfPoints === undefined ? '' : formatNumber(n.selfPoints, 3),
    inputs: (n.inputs as Inputs | null) ?? null,
    explanation: n.explanation ?? '',
  };
}

/**
 * Why a row cannot be saved yet (the server's own checks, mirrored so autosave does not send a half-typed row):
 * a score must be a number within 0..max, one of the levels for a `levels` rule, and come with evidence or an
 * explanation. Undefined when the row is ready.
 */
function notReady(leaf: Node, edit: Edit, lang: 'vi' | 'en'): string | undefined {
  const text = edit.selfPoints.trim();
  if (text === '') {
    return undefined;
  }
  const n = parseNumber(text);
  if (n === undefined || n < 0 || n > leaf.maxPoints) {
    return lang === 'vi'
      ? `Điểm phải từ 0 đến ${formatNumber(leaf.maxPoints)}`
      : `Points must be 0 to ${formatNumber(leaf.maxPoints)}`;
  }
  const levels = leaf.rule?.kind === 'levels' ? (leaf.rule.options ?? []).map((o) => o.points) : [];
  if (levels.length > 0 && !levels.some((p) => Math.abs(p - n) < 0.0005)) {
    return lang === 'vi'
      ? `Điểm phải là một mức: ${levels.map((p) => formatNumber(p)).join('; ')}`
      : `Points must be a level: ${levels.join('; ')}`;
  }
  if ((leaf.evidence ?? []).length === 0 && edit.explanation.trim() === '') {
    return lang === 'vi' ? 'Cần tài liệu kiểm chứng hoặc giải thích cách tính' : 'Needs evidence or an explanation';
  }
  return undefined;
}

/** Ant Design's tree table wants `children` undefined (not []) on leaves. */
type Row = Omit<Node, 'children'> & { children?: Row[] };
function treeRows(nodes: Node[]): Row[] {
  return nodes.map((n) => ({ ...n, children: n.leaf || !n.children?.length ? undefined : treeRows(n.children) }));
}

function useTicker(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

export default function SheetPage() {
  const { t, lang } = useLang();
  const { message, modal } = App.useApp();
  const { current } = useCampaign();
  const sheets = useAsync(
    () => call(api.GET('/api/sheets', { params: { query: { campaignId: current?.id } } })),
    [current?.id],
  );
  const sheetId = sheets.data?.[0]?.id;
  const sheet = useAsync<Sheet | undefined>(
    () =>
      sheetId ? call(api.GET('/api/sheets/{id}', { params: { path: { id: sheetId } } })) : Promise.resolve(undefined),
    [sheetId],
  );
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  const [dirty, setDirty] = useState<Set<string>>(new Set());
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [uploadFor, setUploadFor] = useState<string[]>();
  const [viewing, setViewing] = useState<EvidenceRef>();
  const [submitting, setSubmitting] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const loadedAt = useRef(Date.now());
  const now = useTicker(30_000);

  const data = sheet.data;
  const reloadSheet = sheet.reload;
  useEffect(() => {
    if (data) {
      loadedAt.current = Date.now();
      // Keep what the person is still typing; take the server's values for everything else.
      setEdits((prev) => {
        const next: Record<string, Edit> = {};
        for (const l of leaves(data.nodes)) {
          next[l.code] = dirty.has(l.code) && prev[l.code] ? prev[l.code] : editOf(l);
        }
        return next;
      });
    }
  }, [data]);

  const leafList = useMemo(() => (data ? leaves(data.nodes) : []), [data]);
  const leafOptions = useMemo(
    () => leafList.map((l) => ({ value: l.code, label: `${l.code} ${l.title}` })),
    [leafList],
  );

  const flush = useCallback(async () => {
    if (!sheetId || dirty.size === 0) {
      return;
    }
    const byCode = new Map(leafList.map((l) => [l.code, l]));
    const codes = [...dirty].filter((code) => byCode.has(code) && !notReady(byCode.get(code)!, edits[code], lang));
    if (codes.length === 0) {
      setSave((s) => (s.kind === 'saved' ? s : { kind: 'idle' }));
      return;
    }
    const sent = codes.map((code) => ({ code, edit: edits[code] }));
    setSave({ kind: 'saving' });
    try {
      await call(
        api.PUT('/api/sheets/{id}/entries', {
          params: { path: { id: sheetId } },
          body: {
            entries: sent.map(({ code, edit }) => ({
              code,
              selfPoints: edit.selfPoints.trim() === '' ? null : edit.selfPoints.trim(),
              inputs: edit.inputs ?? undefined,
              explanation: edit.explanation.trim() === '' ? null : edit.explanation,
            })),
          } as never,
        }),
      );
      setDirty((d) => {
        const next = new Set(d);
        // Only what was sent unchanged is clean now; later keystrokes stay dirty.
        for (const { code, edit } of sent) {
          if (edits[code] === edit) {
            next.delete(code);
          }
        }
        return next;
      });
      setSave({ kind: 'saved', at: new Date() });
      reloadSheet();
    } catch (e) {
      setSave({ kind: 'error', error: e });
    }
  }, [dirty, edits, lang, leafList, reloadSheet, sheetId]);

  // Autosave 1.2 s after the last change.
  useEffect(() => {
    const byCode = new Map(leafList.map((l) => [l.code, l]));
    const ready = [...dirty].some((code) => byCode.has(code) && !notReady(byCode.get(code)!, edits[code], lang));
    if (!ready) {
      return undefined;
    }
    setSave((s) => (s.kind === 'saving' || s.kind === 'pending' ? s : { kind: 'pending' }));
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flush(), 1200);
    return () => window.clearTimeout(timer.current);
  }, [dirty, edits, flush, lang, leafList]);

  // Warn before leaving with unsaved changes.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (dirty.size > 0) {
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const change = (code: string, patch: Partial<Edit>) => {
    setEdits((e) => ({ ...e, [code]: { ...e[code], ...patch } }));
    setDirty((d) => new Set(d).add(code));
  };

  if (sheets.loading && !sheets.data) {
    return <Loading rows={10} />;
  }
  if (sheets.error) {
    return <ErrorState error={sheets.error} onRetry={sheets.reload} />;
  }
  if (!sheetId) {
    return (
      <Card>
        <EmptyState
          title={t(
            'Đơn vị của bạn chưa có biểu tự chấm điểm trong đợt đánh giá này. Biểu sẽ xuất hiện khi Văn phòng thường trực mở đợt.',
            'Your unit has no score sheet in this campaign yet. It appears when the secretariat opens the campaign.',
          )}
        />
      </Card>
    );
  }
  if (sheet.loading && !data) {
    return <Loading rows={10} />;
  }
  if (sheet.error || !data) {
    return <ErrorState error={sheet.error} onRetry={sheet.reload} />;
  }

  const editable = data.editable;
  const secondsLeft = Math.max(0, data.deadline.secondsLeft - Math.floor((now - loadedAt.current) / 1000));
  const scored = leafList.filter((l) => l.selfPoints !== null && l.selfPoints !== undefined).length;
  const missingEvidence = data.problems.filter((p) => /evidence/i.test(p.kind));
  // Scored with an explanation but no document: allowed, but the appraiser will ask — say so before submitting.
  const explainedOnly = leafList.filter(
    (l) =>
      l.selfPoints !== null &&
      l.selfPoints !== undefined &&
      (l.evidence ?? []).length === 0 &&
      l.rule?.kind !== 'survey',
  );

  const submit = () => {
    modal.confirm({
      width: 620,
      title: t('Nộp biểu tự chấm điểm?', 'Submit the score sheet?'),
      okText: t('Nộp biểu', 'Submit'),
      cancelText: t('Xem lại', 'Review'),
      content: (
        <div data-testid="submit-confirmation">
          <p>
            {t(
              `Sau khi nộp, đơn vị không sửa được điểm và tài liệu (trừ khi được gia hạn). Đã chấm ${scored}/${leafList.length} tiêu chí; tổng điểm tự chấm ${formatNumber(data.selfTotal)}/${formatNumber(data.maxPoints)}.`,
              `After submitting, scores and evidence are locked (unless extended). ${scored}/${leafList.length} criteria scored; self total ${formatNumber(data.selfTotal)}/${formatNumber(data.maxPoints)}.`,
            )}
          </p>
          {data.problems.length > 0 ? (
            <>
              <Typography.Text strong>
                {missingEvidence.length > 0
                  ? t(
                      `Còn ${missingEvidence.length} tiêu chí thiếu tài liệu kiểm chứng:`,
                      `${missingEvidence.length} criteria lack evidence:`,
                    )
                  : t('Còn các vấn đề sau:', 'Still open:')}
              </Typography.Text>
              <ul style={{ maxHeight: 160, overflow: 'auto', paddingLeft: 18 }}>
                {data.problems.map((p) => (
                  <li key={`${p.kind}-${p.code}`}>
                    <strong>{p.code}</strong>: {lang === 'vi' ? p.messageVi : p.message}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {explainedOnly.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={t(
                `${explainedOnly.length} tiêu chí chưa có tài liệu kiểm chứng, chỉ có giải thích:`,
                `${explainedOnly.length} criteria have no evidence, only an explanation:`,
              )}
              description={explainedOnly.map((l) => l.code).join(', ')}
            />
          ) : null}
          {data.problems.length === 0 && explainedOnly.length === 0 ? (
            <Alert
              type="success"
              showIcon
              title={t('Mọi tiêu chí đã có điểm và tài liệu kiểm chứng.', 'Every criterion has a score and evidence.')}
            />
          ) : null}
        </div>
      ),
      onOk: async () => {
        setSubmitting(true);
        try {
          await flush();
          await call(api.POST('/api/sheets/{id}/submit', { params: { path: { id: sheetId } } }));
          void message.success(t('Đã nộp biểu tự chấm điểm.', 'Score sheet submitted.'));
          sheet.reload();
          sheets.reload();
        } catch (e) {
          void message.error(errorText(e, lang));
        } finally {
          setSubmitting(false);
        }
      },
    });
  };

  const inputsCell = (l: Row) => {
    const e = edits[l.code];
    if (!e) {
      return null;
    }
    const inputs = e.inputs ?? {};
    const setInputs = (patch: Inputs) => change(l.code, { inputs: { ...inputs, ...patch } });
    switch (l.rule?.kind ?? 'manual') {
      case 'levels':
        return (
          <Select
            size="small"
            style={{ width: '100%' }}
            disabled={!editable}
            placeholder={t('Chọn mức', 'Choose a level')}
            aria-label={`${t('Mức', 'Level')} ${l.code}`}
            value={inputs.level}
            onChange={(level: string) => setInputs({ level })}
            options={(l.rule?.options ?? []).map((o) => ({
              value: o.key,
              label: `${o.label} (${formatNumber(o.points)})`,
            }))}
            popupMatchSelectWidth={false}
          />
        );
      case 'checklist':
        return (
          <Checkbox.Group
            disabled={!editable}
            value={inputs.met ?? []}
            onChange={(met) => setInputs({ met: met })}
            options={(l.rule?.options ?? []).map((o) => ({
              value: o.key,
              label: `${o.label} (${formatNumber(o.points)})`,
            }))}
            style={{ display: 'grid', gap: 2, fontSize: 12 }}
          />
        );
      case 'proportional':
        return (
          <Space size={4}>
            <InputNumber
              size="small"
              min={0}
              disabled={!editable}
              style={{ width: 70 }}
              aria-label={`${t('Tử số', 'Numerator')} ${l.code}`}
              value={inputs.numerator}
              onChange={(v) => setInputs({ numerator: v ?? undefined })}
            />
            /
            <InputNumber
              size="small"
              min={0}
              disabled={!editable}
              style={{ width: 70 }}
              aria-label={`${t('Mẫu số', 'Denominator')} ${l.code}`}
              value={inputs.denominator}
              onChange={(v) => setInputs({ denominator: v ?? undefined })}
            />
          </Space>
        );
      case 'bands':
        return (
          <Input
            size="small"
            disabled={!editable}
            placeholder={t('Giá trị', 'Value')}
            aria-label={`${t('Giá trị', 'Value')} ${l.code}`}
            value={inputs.value === undefined ? '' : String(inputs.value)}
            onChange={(ev) => setInputs({ value: ev.target.value })}
          />
        );
      case 'perOccurrence':
      case 'noOccurrenceFullMarks':
        return (
          <InputNumber
            size="small"
            min={0}
            disabled={!editable}
            suffix={t('lần', 'times')}
            style={{ width: 120 }}
            aria-label={`${t('Số lần', 'Occurrences')} ${l.code}`}
            value={inputs.occurrences}
            onChange={(v) => setInputs({ occurrences: v ?? undefined })}
          />
        );
      case 'deadline':
        return (
          <Checkbox
            disabled={!editable}
            checked={inputs.missing ?? false}
            onChange={(ev) => setInputs({ missing: ev.target.checked })}
          >
            {t('Không có văn bản', 'No document')}
          </Checkbox>
        );
      case 'survey':
        return <Typography.Text type="secondary">{t('Điều tra xã hội học', 'Survey')}</Typography.Text>;
      default:
        return null;
    }
  };

  const statusOf = (l: Row) => {
    const problems = data.problems.filter((p) => p.code === l.code);
    const waiting = edits[l.code] ? notReady(l as Node, edits[l.code], lang) : undefined;
    if (dirty.has(l.code)) {
      return waiting ? (
        <Tooltip title={waiting}>
          <Tag color="gold" data-testid={`not-ready-${l.code}`}>
            {t('Chưa đủ để lưu', 'Incomplete')}
          </Tag>
        </Tooltip>
      ) : (
        <Tag color="gold">{t('Chưa lưu', 'Unsaved')}</Tag>
      );
    }
    if (l.rule?.kind === 'survey') {
      return <Tag>{t('Không tự chấm', 'Not self-scored')}</Tag>;
    }
    if (problems.length > 0) {
      return (
        <Tooltip title={problems.map((p) => (lang === 'vi' ? p.messageVi : p.message)).join('; ')}>
          <Tag color="orange">
            {l.selfPoints === null ? t('Chưa chấm', 'Not scored') : t('Thiếu tài liệu', 'Needs evidence')}
          </Tag>
        </Tooltip>
      );
    }
    return l.selfPoints === null ? (
      <Tag>{t('Chưa chấm', 'Not scored')}</Tag>
    ) : (
      <Tag color="green">{t('Đủ', 'Complete')}</Tag>
    );
  };

  const columns = [
    { title: t('Mã', 'Code'), dataIndex: 'code', key: 'code', width: 100, fixed: 'left' as const },
    {
      title: t('Tiêu chí', 'Criterion'),
      dataIndex: 'title',
      key: 'title',
      width: 220,
      render: (title: string, n: Row) =>
        n.leaf ? (
          <div>
            <div>{title}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {n.rule?.description}
            </Typography.Text>
          </div>
        ) : (
          <strong>{title}</strong>
        ),
    },
    {
      title: t('Tối đa', 'Max'),
      dataIndex: 'maxPoints',
      key: 'max',
      width: 56,
      align: 'right' as const,
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('Dữ liệu chấm', 'Rule inputs'),
      key: 'inputs',
      width: 190,
      render: (_: unknown, n: Row) => (n.leaf ? inputsCell(n) : null),
    },
    {
      title: t('Gợi ý', 'Suggests'),
      key: 'suggested',
      width: 64,
      render: (_: unknown, n: Row) =>
        n.leaf && typeof n.suggested?.points === 'number' ? (
          <Tooltip title={n.suggested.explanation}>
            <Button
              size="small"
              type="link"
              disabled={!editable}
              onClick={() => change(n.code, { selfPoints: formatNumber(n.suggested!.points, 3) })}
              aria-label={`${t('Dùng điểm gợi ý', 'Use suggestion')} ${n.code}`}
            >
              {formatNumber(n.suggested.points)}
            </Button>
          </Tooltip>
        ) : null,
    },
    {
      title: t('Tự chấm', 'Self score'),
      key: 'self',
      width: 80,
      render: (_: unknown, n: Row) =>
        n.leaf ? (
          <Input
            size="small"
            inputMode="decimal"
            disabled={!editable || n.rule?.kind === 'survey'}
            aria-label={`${t('Điểm tự chấm', 'Self score')} ${n.code}`}
            value={edits[n.code]?.selfPoints ?? ''}
            onChange={(e) => change(n.code, { selfPoints: e.target.value })}
            status={(parseNumber(edits[n.code]?.selfPoints ?? '') ?? 0) > n.maxPoints ? 'error' : undefined}
          />
        ) : (
          <strong>{formatNumber(n.totals.self)}</strong>
        ),
    },
    {
      title: t('Tài liệu kiểm chứng', 'Evidence'),
      key: 'evidence',
      width: 130,
      render: (_: unknown, n: Row) =>
        n.leaf ? (
          <Space size={2} wrap>
            <EvidenceTags items={n.evidence ?? []} onOpen={setViewing} />
            {editable ? (
              <Button
                size="small"
                icon={<CloudUploadOutlined />}
                onClick={() => setUploadFor([n.code])}
                aria-label={`${t('Tải tài liệu', 'Upload evidence')} ${n.code}`}
              />
            ) : null}
          </Space>
        ) : null,
    },
    {
      title: t('Giải thích', 'Explanation'),
      key: 'explanation',
      width: 150,
      render: (_: unknown, n: Row) =>
        n.leaf ? (
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 3 }}
            disabled={!editable}
            aria-label={`${t('Giải thích', 'Explanation')} ${n.code}`}
            value={edits[n.code]?.explanation ?? ''}
            onChange={(e) => change(n.code, { explanation: e.target.value })}
          />
        ) : null,
    },
    {
      title: t('Trạng thái', 'Status'),
      key: 'status',
      width: 100,
      render: (_: unknown, n: Row) => (n.leaf ? statusOf(n) : null),
    },
  ];

  const waitingCount = leafList.filter(
    (l) => dirty.has(l.code) && edits[l.code] && notReady(l, edits[l.code], lang),
  ).length;
  const status = SHEET_STATUS[data.status] ?? [data.status, data.status, 'default'];
  const saveText =
    save.kind === 'saving'
      ? t('Đang lưu…', 'Saving…')
      : save.kind === 'pending'
        ? t('Có thay đổi chưa lưu…', 'Unsaved changes…')
        : save.kind === 'saved'
          ? `${t('Đã lưu lúc', 'Saved at')} ${formatDateTime(save.at).slice(11)}${waitingCount > 0 ? ` · ${t(`${waitingCount} tiêu chí chưa đủ để lưu`, `${waitingCount} rows incomplete`)}` : ''}`
          : save.kind === 'error'
            ? `${t('Chưa lưu được', 'Not saved')}: ${errorText(save.error, lang)}`
            : waitingCount > 0
              ? t(
                  `${waitingCount} tiêu chí chưa đủ để lưu (xem cột Trạng thái)`,
                  `${waitingCount} rows incomplete (see Status)`,
                )
              : t('Mọi thay đổi được lưu tự động', 'Changes save automatically');

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start" wrap>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('Biểu tự chấm điểm', 'Self-assessment sheet')} — {data.unitName}
            </Typography.Title>
            <Space size={6} wrap style={{ marginTop: 4 }}>
              <Tag color={status[2]}>{lang === 'vi' ? status[0] : status[1]}</Tag>
              <Typography.Text type="secondary">
                {data.criteriaSet.title} ({t('phiên bản', 'version')} {data.criteriaSet.version})
              </Typography.Text>
              {data.criteriaSet.sample ? (
                <Tag color="warning">{t('Bộ tiêu chí mẫu', 'Sample criteria set')}</Tag>
              ) : null}
              {data.submittedAt ? (
                <Typography.Text type="secondary">
                  {t('Nộp lúc', 'Submitted')} {formatDateTime(data.submittedAt)}
                </Typography.Text>
              ) : null}
            </Space>
          </div>
          <Space size={24} wrap>
            <Statistic
              title={t('Tổng tự chấm', 'Self total')}
              value={`${formatNumber(data.selfTotal)} / ${formatNumber(data.maxPoints)}`}
              styles={{ content: { fontSize: 18 } }}
            />
            <Statistic
              title={t('Chỉ số tự đánh giá', 'Self index')}
              value={formatNumber(data.selfIndex)}
              suffix="%"
              styles={{ content: { fontSize: 18 } }}
            />
            <div data-testid="deadline-countdown">
              <div style={{ color: 'rgba(0,0,0,.45)', fontSize: 14 }}>
                {t('Hạn nộp', 'Due')} {formatDeadline(data.deadline.dueAt)}
                {data.deadline.extended ? ` (${t('đã gia hạn', 'extended')})` : ''}
              </div>
              <Typography.Text strong type={secondsLeft < 3 * 86400 ? 'danger' : undefined} style={{ fontSize: 18 }}>
                {data.deadline.closed ? formatClosed(data.deadline, lang) : formatCountdown(secondsLeft, lang)}
              </Typography.Text>
            </div>
          </Space>
        </Space>
        {data.criteriaSet.sample && data.criteriaSet.notice ? (
          <Alert type="warning" showIcon style={{ marginTop: 8 }} title={data.criteriaSet.notice} />
        ) : null}
        <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }} wrap>
          <Space>
            <Progress
              type="line"
              percent={Math.round((scored / Math.max(1, leafList.length)) * 100)}
              size={[200, 8]}
              format={() => `${scored}/${leafList.length}`}
            />
            <Typography.Text data-testid="save-state" type={save.kind === 'error' ? 'danger' : 'secondary'}>
              {saveText}
            </Typography.Text>
            {save.kind === 'error' ? (
              <Button size="small" onClick={() => void flush()}>
                {t('Lưu lại', 'Retry')}
              </Button>
            ) : null}
          </Space>
          <Space>
            <Link to="/clarifications">{t('Yêu cầu giải trình', 'Clarifications')}</Link>
            <a href={`/api/sheets/${data.id}/export.xlsx`}>
              <Button size="small" icon={<DownloadOutlined />}>
                {t('Xuất Excel', 'Export Excel')}
              </Button>
            </a>
            {editable ? (
              <>
                <Button size="small" icon={<CloudUploadOutlined />} onClick={() => setUploadFor([])}>
                  {t('Tải tài liệu', 'Upload evidence')}
                </Button>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  loading={submitting}
                  disabled={data.status !== 'draft'}
                  onClick={submit}
                >
                  {t('Nộp biểu', 'Submit')}
                </Button>
              </>
            ) : null}
          </Space>
        </Space>
        {!editable && data.status === 'draft' ? (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 8 }}
            title={t(
              'Đã hết hạn tự đánh giá; biểu chỉ còn xem được. Liên hệ Văn phòng thường trực nếu cần gia hạn.',
              'Self-assessment has closed; the sheet is read-only. Ask the secretariat for an extension.',
            )}
          />
        ) : null}
      </Card>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<Row>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={treeRows(data.nodes)}
          columns={columns}
          expandable={{ defaultExpandAllRows: true }}
          scroll={{ x: 1090, y: 'calc(100vh - 330px)' }}
          sticky
        />
      </Card>
      <EvidenceUpload
        sheetId={data.id}
        open={uploadFor !== undefined}
        codes={uploadFor ?? []}
        leafOptions={leafOptions}
        onClose={() => setUploadFor(undefined)}
        onUploaded={sheet.reload}
      />
      <EvidenceViewer evidence={viewing} onClose={() => setViewing(undefined)} />
    </Space>
  );
}
