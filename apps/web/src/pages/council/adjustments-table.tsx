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
      locale={{ emptyText: t('Hội đồng chưa điều chỉnh điểm nào.', 'No adjustment yet.') }}
      columns={[
        { title: t('Đơn vị', 'Unit'), dataIndex: 'unitName' },
        { title: t('Tiêu chí', 'Criterion'), dataIndex: 'criterionCode', width: 90 },
        {
          title: t('Điểm trước', 'Before'),
          dataIndex: 'previousMilli',
          width: 90,
          align: 'right' as const,
          render: (v: number | null) => formatNumber(milli(v)),
        },
        {
          title: t('Điểm Hội đồng', 'Council'),
          dataIndex: 'councilMilli',
          width: 110,
          align: 'right' as const,
          render: (v: number) => <strong>{formatNumber(milli(v))}</strong>,
        },
        { title: t('Lý do', 'Reason'), dataIndex: 'reason' },
        { title: t('Đề xuất', 'Proposed by'), dataIndex: 'proposedBy', width: 160 },
        {
          title: t('Biểu quyết', 'Vote'),
          dataIndex: 'votes',
          width: 170,
          render: (v: Adjustment['votes']) => votesText(v, lang),
        },
      ]}
    />
  );
}
