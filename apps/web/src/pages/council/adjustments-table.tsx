/** The council's adjustments so far: the unit, the leaf, the score before and after, the reason, who proposed it. */
import { Table } from 'antd';
import type { Schemas } from '../../api/client';
import { milli } from '../../components/ranking-table';
import { formatNumber } from '../../lib/format';
import { useLang } from '../../lib/i18n';
import { votesText } from './votes';

type Adjustment = Schemas['CouncilAdjustmentView'];

export function AdjustmentsTable({ adjustments }: { adjustments: Adjustment[] }) {
  const { t, lang } = useLang();
  return (
    <Table<Adjustment>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={adjustments}
      // Fixed columns a little narrower and a floor for the whole table: at 1024 beside the menu the reason had 60 px
      // left and read one word a line; below its floor the table scrolls inside its card.
      scroll={{ x: 720 }}
      locale={{ emptyText: t('Hội đồng chưa điều chỉnh điểm nào.', 'No adjustment yet.') }}
      columns={[
        { title: t('Đơn vị', 'Unit'), dataIndex: 'unitName' },
        { title: t('Tiêu chí', 'Criterion'), dataIndex: 'criterionCode', width: 72 },
        {
          title: t('Điểm trước', 'Before'),
          dataIndex: 'previousMilli',
          width: 80,
          align: 'right' as const,
          render: (v: number | null) => formatNumber(milli(v)),
        },
        {
          title: t('Điểm Hội đồng', 'Council'),
          dataIndex: 'councilMilli',
          width: 96,
          align: 'right' as const,
          render: (v: number) => <strong>{formatNumber(milli(v))}</strong>,
        },
        { title: t('Lý do', 'Reason'), dataIndex: 'reason' },
        { title: t('Đề xuất', 'Proposed by'), dataIndex: 'proposedBy', width: 130 },
        {
          title: t('Biểu quyết', 'Vote'),
          dataIndex: 'votes',
          width: 140,
          render: (v: Adjustment['votes']) => votesText(v, lang),
        },
      ]}
    />
  );
}
