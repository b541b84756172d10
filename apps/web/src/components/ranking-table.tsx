/** Ranking tables: points are stored in thousandths and indexes in hundredths; shown with the decimal comma. */
import { Table, Tag, Tooltip } from 'antd';
import type { Schemas } from '../api/client';
import { formatNumber } from '../lib/format';
import { useLang } from '../lib/i18n';

export const milli = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 1000);
export const hundredths = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 100);

const CLASS_COLORS: Record<string, string> = {
  xuatSac: 'gold',
  tot: 'green',
  kha: 'blue',
  trungBinh: 'orange',
  yeu: 'red',
};

export function ClassTag({ classKey, name }: { classKey: string | null | undefined; name: string | null | undefined }) {
  return name ? <Tag color={CLASS_COLORS[classKey ?? ''] ?? 'default'}>{name}</Tag> : <>—</>;
}

function Rank({ rank, tied }: { rank: number | null; tied: boolean }) {
  const { t } = useLang();
  if (rank === null) {
    return <>—</>;
  }
  return tied ? (
    <Tooltip title={t('Đồng hạng', 'Tied')}>
      <span>
        {rank} <Tag style={{ marginInlineStart: 4 }}>{t('đồng hạng', 'tied')}</Tag>
      </span>
    </Tooltip>
  ) : (
    <>{rank}</>
  );
}

type PublishedRow = Schemas['PublishedRowView'];

/** One published table (Bảng 1: cơ quan; Bảng 2: xã, phường). */
export function PublishedTable({ table }: { table: Schemas['PublishedTableView'] }) {
  const { t } = useLang();
  return (
    // The table scrolls inside its card when it cannot fit (a phone: its field columns made the page wider than the
    // screen); where it fits (1366) it keeps fitting, the unit names wrapping — `scroll.x` would force it wider.
    <div style={{ overflowX: 'auto' }}>
      <Table<PublishedRow>
        rowKey="unitId"
        size="small"
        pagination={false}
        dataSource={table.rows}
        columns={[
          {
            title: t('Xếp hạng', 'Rank'),
            dataIndex: 'rank',
            width: 130,
            render: (r: number, row) =>
              row.excludedReason !== undefined ? (
                <Tooltip title={row.excludedReason}>
                  <Tag>{t('Không xếp hạng', 'Not ranked')}</Tag>
                </Tooltip>
              ) : (
                <Rank rank={r} tied={row.tied} />
              ),
          },
          { title: t('Đơn vị', 'Unit'), dataIndex: 'unitName' },
          ...(table.rows[0]?.fields.map((f, i) => ({
            title: (
              <Tooltip title={f.title}>
                <span>{f.code}</span>
              </Tooltip>
            ),
            key: `f${i}`,
            width: 64,
            align: 'right' as const,
            render: (_: unknown, row: PublishedRow) => formatNumber(milli(row.fields[i]?.achievedMilli)),
          })) ?? []),
          {
            title: t('Tổng điểm', 'Points'),
            dataIndex: 'achievedMilli',
            width: 100,
            align: 'right' as const,
            render: (v: number) => formatNumber(milli(v)),
          },
          {
            title: t('Chỉ số (%)', 'Index (%)'),
            dataIndex: 'indexHundredths',
            width: 100,
            align: 'right' as const,
            render: (v: number) => <strong>{formatNumber(hundredths(v))}</strong>,
          },
          {
            title: t('Xếp loại', 'Class'),
            dataIndex: 'className',
            width: 110,
            render: (n: string, row) => <ClassTag classKey={row.classKey} name={n} />,
          },
        ]}
      />
    </div>
  );
}
