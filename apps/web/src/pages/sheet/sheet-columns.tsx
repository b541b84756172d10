/** The sheet's tree-table columns and each leaf's status (what is missing, in words). */
import { CloudUploadOutlined } from '@ant-design/icons';
import { Button, Input, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { EvidenceTags } from '../../components/evidence';
import { formatNumber, parseNumber } from '../../lib/format';
import { RuleInput } from './rule-input';
import {
  allowedText,
  needsExplanation,
  notReady,
  withInputs,
  type Edit,
  type EvidenceRef,
  type Inputs,
  type Node,
  type Row,
  type Sheet,
} from './sheet-model';

export interface ColumnContext {
  sheet: Sheet;
  edits: Record<string, Edit>;
  dirty: ReadonlySet<string>;
  lang: 'vi' | 'en';
  t: (vi: string, en: string) => string;
  change: (code: string, patch: Partial<Edit>) => void;
  onUpload: (codes: string[]) => void;
  onView: (e: EvidenceRef) => void;
  /** The compact table (compactSheetColumns): a rule's suggestion beside its inputs, not under them. */
  compact?: boolean;
}

/** A status tag wraps inside its 100 px column ("Không tự chấm") instead of widening the table. */
const STATUS_TAG = { whiteSpace: 'normal', marginInlineEnd: 0 } as const;

/** A leaf the unit scores: not one the secretariat marked not applicable to it (out of its maximum). */
const scorable = (n: Row) => n.leaf && !n.notApplicable;

export function LeafStatus({ leaf, ctx }: { leaf: Row; ctx: ColumnContext }) {
  const { sheet, edits, dirty, lang, t } = ctx;
  if (leaf.notApplicable) {
    return (
      <div data-testid={`not-applicable-${leaf.code}`}>
        <Tag style={STATUS_TAG}>{t('Không áp dụng', 'Not applicable')}</Tag>
        <div style={{ fontSize: 12 }}>{leaf.notApplicable.reason}</div>
      </div>
    );
  }
  const problems = sheet.problems.filter((p) => p.code === leaf.code);
  const check = sheet.submitProblems.filter((p) => p.code === leaf.code && p.blocking);
  const waiting = edits[leaf.code] ? notReady(leaf as Node, edits[leaf.code], lang) : undefined;
  if (dirty.has(leaf.code)) {
    // The reason is written in the row, not hidden in a tooltip.
    return waiting ? (
      <div data-testid={`not-ready-${leaf.code}`}>
        <Tag color="gold" style={STATUS_TAG}>
          {t('Chưa đủ để lưu', 'Incomplete')}
        </Tag>
        <div style={{ fontSize: 12, color: '#ad6800' }}>{waiting}</div>
      </div>
    ) : (
      <Tag color="gold" style={STATUS_TAG}>
        {t('Chưa lưu', 'Unsaved')}
      </Tag>
    );
  }
  if (leaf.rule?.kind === 'survey') {
    return <Tag style={STATUS_TAG}>{t('Không tự chấm', 'Not self-scored')}</Tag>;
  }
  if (problems.length > 0 || check.some((p) => p.reason === 'unexplained')) {
    return (
      <div>
        <Tag color="orange" style={STATUS_TAG}>
          {leaf.selfPoints === null ? t('Chưa chấm', 'Not scored') : t('Thiếu tài liệu', 'Needs evidence')}
        </Tag>
        <div style={{ fontSize: 12, color: '#ad6800' }}>
          {[...problems, ...check].map((p) => (lang === 'vi' ? p.messageVi : p.message)).join('; ')}
        </div>
      </div>
    );
  }
  return leaf.selfPoints === null || leaf.selfPoints === undefined ? (
    <Tag style={STATUS_TAG}>{t('Chưa chấm', 'Not scored')}</Tag>
  ) : (
    <Tag color="green" style={STATUS_TAG}>
      {t('Đủ', 'Complete')}
    </Tag>
  );
}

/**
 * Levels and checklists show each option with its points next to its radio or box; the rule's sentence would say
 * the same again and double the row's height (issue 16: about 2 criteria in sight at 1366×768).
 */
export function listsItsOptions(n: Row): boolean {
  return (n.rule?.kind === 'levels' || n.rule?.kind === 'checklist') && (n.rule.options ?? []).length > 0;
}

/** Sum of the column widths below: the table's width, which fits 1366 px beside the side menu. */
export const TABLE_WIDTH = 1070;

/**
 * The explanation under the criterion's title in the compact table: the text box when there is something to read
 * or it is asked for (a score without evidence), otherwise a link that opens it — an empty box in every row made
 * each row a line taller, and at 1024 px a line is a criterion out of sight.
 */
function ExplanationUnderTitle({ n, ctx }: { n: Row; ctx: ColumnContext }) {
  const { sheet, edits, t, change } = ctx;
  const [open, setOpen] = useState(false);
  const value = edits[n.code]?.explanation ?? '';
  const asked = sheet.editable && needsExplanation(n as Node, edits[n.code]);
  if (!open && !value && !asked) {
    return sheet.editable ? (
      <Button
        size="small"
        type="link"
        style={{ padding: 0, height: 'auto', fontSize: 12, verticalAlign: 'baseline' }}
        onClick={() => setOpen(true)}
        aria-label={`${t('Thêm giải thích', 'Add an explanation')} ${n.code}`}
      >
        {t('+ Giải thích', '+ Explanation')}
      </Button>
    ) : null;
  }
  return (
    <Input.TextArea
      autoSize={{ minRows: 1, maxRows: 3 }}
      autoFocus={open && !value}
      disabled={!sheet.editable}
      style={{ marginTop: 2, marginBottom: 2, fontSize: 14 }}
      aria-label={`${t('Giải thích', 'Explanation')} ${n.code}`}
      placeholder={
        asked ? t('Cần giải thích cách tính (chưa có tài liệu)', 'Explain the score (no evidence yet)') : undefined
      }
      status={asked ? 'warning' : undefined}
      value={value}
      onChange={(e) => change(n.code, { explanation: e.target.value })}
    />
  );
}

/**
 * The table between 768 and 1200 px (1024×768 beside the side menu leaves some 740 px): four columns instead of
 * eight, no sideways scroll. Under the criterion's title go its maximum and rule, the rule's inputs (a checklist's
 * items side by side over the title's width, not one word a line in a column of their own) and the explanation
 * (ExplanationUnderTitle); the status goes under the score; the title column takes what the fixed columns leave.
 * The same renderers as the wide table and the cards for the inputs, score, evidence and status.
 */
export function compactSheetColumns(ctx: ColumnContext) {
  const { t } = ctx;
  const wide = sheetColumns({ ...ctx, compact: true });
  const column = (key: string) => wide.find((c) => c.key === key)!;
  const render = (key: string, n: Row) =>
    (column(key) as { render: (v: unknown, r: Row) => ReactNode }).render(undefined, n);
  const wrap = () => ({ style: { overflowWrap: 'anywhere' as const } });
  return [
    // Narrower than the wide table's 104 px: the tree indents 8 px a level here (sheet-page.tsx), not 12.
    { ...column('code'), width: 92, fixed: undefined },
    {
      title: t('Tiêu chí', 'Criterion'),
      dataIndex: 'title',
      key: 'title',
      onCell: wrap,
      render: (title: string, n: Row) =>
        n.leaf ? (
          <div>
            <div>{title}</div>
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('Tối đa', 'Max')} {formatNumber(n.maxPoints)}
                {listsItsOptions(n) || !n.rule?.description ? null : ` · ${n.rule.description}`}
              </Typography.Text>{' '}
              {scorable(n) ? <ExplanationUnderTitle n={n} ctx={ctx} /> : null}
            </div>
            {scorable(n) ? <div data-testid={`compact-inputs-${n.code}`}>{render('inputs', n)}</div> : null}
          </div>
        ) : (
          <div>
            <strong>{title}</strong>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {t('tối đa', 'max')} {formatNumber(n.maxPoints)}
            </Typography.Text>
          </div>
        ),
    },
    {
      // The score, what it may be, and the row's status under it: one column fewer beside the title.
      ...column('self'),
      width: 116,
      onCell: wrap,
      render: (_: unknown, n: Row) => (
        <div>
          {render('self', n)}
          {n.leaf ? (
            <div style={{ marginTop: 2 }}>
              <LeafStatus leaf={n} ctx={ctx} />
            </div>
          ) : null}
        </div>
      ),
    },
    { ...column('evidence'), width: 76, onCell: wrap },
  ];
}

export function sheetColumns(ctx: ColumnContext) {
  const { sheet, edits, dirty, t, change } = ctx;
  const editable = sheet.editable;
  return [
    {
      title: t('Mã', 'Code'),
      dataIndex: 'code',
      key: 'code',
      width: 104,
      fixed: 'left' as const,
      // A code is read as one token ("1.1.1"), never broken over two lines.
      onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
    },
    {
      title: t('Tiêu chí', 'Criterion'),
      dataIndex: 'title',
      key: 'title',
      width: 262,
      render: (title: string, n: Row) =>
        n.leaf ? (
          <div>
            <div>{title}</div>
            {listsItsOptions(n) ? null : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {n.rule?.description}
              </Typography.Text>
            )}
          </div>
        ) : (
          <strong>{title}</strong>
        ),
    },
    {
      title: t('Tối đa', 'Max'),
      dataIndex: 'maxPoints',
      key: 'max',
      width: 64,
      align: 'right' as const,
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('Dữ liệu chấm', 'Rule inputs'),
      key: 'inputs',
      width: 250,
      render: (_: unknown, n: Row) => {
        const e = edits[n.code];
        if (!scorable(n) || !e) {
          return null;
        }
        const inputs = e.inputs ?? {};
        const suggested = n.suggested?.points;
        // What the rule says, in words, only when it differs from the score (a deadline read from the signature,
        // or a score the officer overrode); one key takes it.
        const differs = typeof suggested === 'number' && parseNumber(e.selfPoints) !== suggested && !dirty.has(n.code);
        return (
          <div
            style={ctx.compact ? { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 8 } : undefined}
          >
            <RuleInput
              leaf={n}
              inputs={inputs}
              editable={editable}
              onChange={(patch: Inputs) => change(n.code, withInputs(n as Node, e, { ...inputs, ...patch }))}
            />
            {differs ? (
              <div style={{ fontSize: 12 }} data-testid={`suggestion-${n.code}`}>
                <Typography.Text type="secondary">{n.suggested!.explanation}</Typography.Text>{' '}
                {editable ? (
                  <Button
                    size="small"
                    type="link"
                    style={{ padding: 0, height: 'auto' }}
                    onClick={() => change(n.code, { selfPoints: formatNumber(suggested, 3) })}
                  >
                    {t(`Dùng ${formatNumber(suggested)} điểm`, `Use ${formatNumber(suggested)} points`)}
                  </Button>
                ) : null}
              </div>
            ) : null}
          </div>
        );
      },
    },
    {
      title: t('Tự chấm', 'Self score'),
      key: 'self',
      width: 84,
      render: (_: unknown, n: Row) =>
        n.notApplicable ? (
          '—'
        ) : n.leaf ? (
          <div>
            <Input
              size="small"
              inputMode="decimal"
              disabled={!editable || n.rule?.kind === 'survey'}
              aria-label={`${t('Điểm tự chấm', 'Self score')} ${n.code}`}
              value={edits[n.code]?.selfPoints ?? ''}
              onChange={(e) => change(n.code, { selfPoints: e.target.value })}
              status={(parseNumber(edits[n.code]?.selfPoints ?? '') ?? 0) > n.maxPoints ? 'error' : undefined}
            />
            {n.rule?.kind === 'survey' ? null : (
              <div style={{ fontSize: 11, color: 'rgba(0,0,0,.55)' }} data-testid={`allowed-${n.code}`}>
                {allowedText(n as Node, t)}
              </div>
            )}
          </div>
        ) : (
          <strong>{formatNumber(n.totals.self)}</strong>
        ),
    },
    {
      // "Tài liệu" in the column title (one line at 100 px); the card and the upload button say it in full.
      title: t('Tài liệu', 'Evidence'),
      key: 'evidence',
      width: 96,
      render: (_: unknown, n: Row) =>
        scorable(n) ? (
          <Space size={2} wrap>
            <EvidenceTags items={n.evidence ?? []} onOpen={ctx.onView} />
            {editable ? (
              <Button
                size="small"
                icon={<CloudUploadOutlined />}
                onClick={() => ctx.onUpload([n.code])}
                aria-label={`${t('Tải tài liệu', 'Upload evidence')} ${n.code}`}
              />
            ) : null}
          </Space>
        ) : null,
    },
    {
      title: t('Giải thích', 'Explanation'),
      key: 'explanation',
      width: 110,
      render: (_: unknown, n: Row) =>
        scorable(n) ? (
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 3 }}
            disabled={!editable}
            aria-label={`${t('Giải thích', 'Explanation')} ${n.code}`}
            // The prompt only where it is needed: a score without evidence needs its explanation.
            placeholder={
              editable && needsExplanation(n as Node, edits[n.code])
                ? t('Cần giải thích cách tính (chưa có tài liệu)', 'Explain the score (no evidence yet)')
                : undefined
            }
            status={editable && needsExplanation(n as Node, edits[n.code]) ? 'warning' : undefined}
            value={edits[n.code]?.explanation ?? ''}
            onChange={(e) => change(n.code, { explanation: e.target.value })}
          />
        ) : null,
    },
    {
      title: t('Trạng thái', 'Status'),
      key: 'status',
      width: 100,
      render: (_: unknown, n: Row) => (n.leaf ? <LeafStatus leaf={n} ctx={ctx} /> : null),
    },
  ];
}
