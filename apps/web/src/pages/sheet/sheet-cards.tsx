/**
 * The sheet on a narrow screen (below 992 px): one card per criterion instead of the eight-column table, so nothing
 * is wider than the screen and nothing scrolls sideways. Each card is the table row's cells stacked — the same
 * renderers (sheetColumns), so a rule input, score, evidence or status reads and behaves the same at every width.
 * A group is a heading with its totals; `data-row-key` is kept on each card so goToRow finds it as it finds a row.
 */
import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatNumber } from '../../lib/format';
import type { Row } from './sheet-model';
import { listsItsOptions, type sheetColumns } from './sheet-columns';

type Column = ReturnType<typeof sheetColumns>[number];

function cell(columns: Column[], key: string, n: Row): ReactNode {
  const column = columns.find((c) => c.key === key);
  return column && 'render' in column && column.render
    ? (column.render as (v: unknown, r: Row) => ReactNode)(undefined, n)
    : null;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined) {
    return null;
  }
  return (
    <div style={{ marginTop: 8 }}>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)', marginBottom: 2 }}>{label}</div>
      {children}
    </div>
  );
}

function LeafCard({ n, columns, t }: { n: Row; columns: Column[]; t: (vi: string, en: string) => string }) {
  return (
    <Card size="small" data-row-key={n.code} data-testid={`criterion-card-${n.code}`} style={{ marginBottom: 8 }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
        <strong style={{ whiteSpace: 'nowrap' }}>{n.code}</strong>
        <div style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
          <div>{n.title}</div>
          {listsItsOptions(n) ? null : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {n.rule?.description}
            </Typography.Text>
          )}
        </div>
        <span style={{ whiteSpace: 'nowrap', fontSize: 12, color: 'rgba(0,0,0,.55)' }}>
          {t('tối đa', 'max')} {formatNumber(n.maxPoints)}
        </span>
      </div>
      <Field label={t('Dữ liệu chấm', 'Rule inputs')}>{cell(columns, 'inputs', n)}</Field>
      <Field label={t('Tự chấm', 'Self score')}>{cell(columns, 'self', n)}</Field>
      <Field label={t('Tài liệu kiểm chứng', 'Evidence')}>{cell(columns, 'evidence', n)}</Field>
      <Field label={t('Giải thích', 'Explanation')}>{cell(columns, 'explanation', n)}</Field>
      <div style={{ marginTop: 8 }}>{cell(columns, 'status', n)}</div>
    </Card>
  );
}

export function SheetCards({
  rows,
  columns,
  t,
  nested = false,
}: {
  rows: Row[];
  columns: Column[];
  t: (vi: string, en: string) => string;
  nested?: boolean;
}) {
  return (
    <div data-testid={nested ? undefined : 'sheet-cards'}>
      {rows.map((n) =>
        n.leaf ? (
          <LeafCard key={n.code} n={n} columns={columns} t={t} />
        ) : (
          <section key={n.code} data-row-key={n.code}>
            <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', margin: '12px 0 6px' }}>
              <strong style={{ whiteSpace: 'nowrap' }}>{n.code}</strong>
              <strong style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>{n.title}</strong>
              <span style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
                {formatNumber(n.totals.self)} / {formatNumber(n.maxPoints)}
              </span>
            </div>
            <SheetCards rows={n.children ?? []} columns={columns} t={t} nested />
          </section>
        ),
      )}
    </div>
  );
}
