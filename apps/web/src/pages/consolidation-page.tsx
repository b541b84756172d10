/** Secretariat, council, leadership: the consolidation table per unit group — self, appraised and final indexes, ranks, flags. */
import { Alert, Card, Grid, List, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { type Schemas } from '../api/client';
import { ConsolidationProgress } from '../components/consolidation-progress';
import { ClassTag, hundredths, milli } from '../components/ranking-table';
import { ReportJobButton } from '../components/report-job-button';
import { ErrorState, Loading } from '../components/states';
import { useCampaign } from '../lib/campaign-context';
import { formatNumber } from '../lib/format';
import { SHEET_STATUS, useLang } from '../lib/i18n';
import { useConsolidation } from '../lib/use-consolidation';
import { useAuth } from '../auth';
import { ExcludeUnitAction } from './exclude-unit';
import { NoCampaign } from '../components/no-campaign';

type UnitResult = Schemas['UnitResultView'];

export function UnitFlags({ flags }: { flags: Schemas['UnitFlagsView'] }) {
  const { t } = useLang();
  return (
    <Space size={[2, 2]} wrap>
      {flags.missingEvidence.length ? (
        <Tooltip title={flags.missingEvidence.join(', ')}>
          <Tag color="orange">
            {t(`Thiếu TLKC: ${flags.missingEvidence.length}`, `No evidence: ${flags.missingEvidence.length}`)}
          </Tag>
        </Tooltip>
      ) : null}
      {flags.appraisedMuchLower.length ? (
        <Tooltip title={flags.appraisedMuchLower.join(', ')}>
          <Tag color="red">
            {t(`Chênh lệch lớn: ${flags.appraisedMuchLower.length}`, `Much lower: ${flags.appraisedMuchLower.length}`)}
          </Tag>
        </Tooltip>
      ) : null}
      {flags.unappraisedLeaves.length ? (
        <Tag>
          {t(`Chưa thẩm định: ${flags.unappraisedLeaves.length}`, `Not appraised: ${flags.unappraisedLeaves.length}`)}
        </Tag>
      ) : null}
      {flags.openClarifications ? (
        <Tag color="purple">
          {t(`Chờ giải trình: ${flags.openClarifications}`, `Open clarifications: ${flags.openClarifications}`)}
        </Tag>
      ) : null}
      {flags.conflictsOfInterest.length ? (
        <Tag color="volcano">{t('Xung đột lợi ích', 'Conflict of interest')}</Tag>
      ) : null}
    </Space>
  );
}

export function ConsolidationTable({
  units,
  extra,
  provisional = false,
  focusUnitId,
}: {
  units: UnitResult[];
  extra?: (u: UnitResult) => React.ReactNode;
  /** Before appraisal ends the figures are provisional: no class is shown (issue 17: every unit showed "Yếu"). */
  provisional?: boolean;
  /** The unit a link came for (the dashboard's "Ai đang chậm?"): its row is marked and scrolled into view. */
  focusUnitId?: number;
}) {
  const { t, lang } = useLang();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  // Below 1200 px (1024 beside the menu: the leader's preview before approving, some 730 px in its card): the
  // sheet's state and the flags go under the unit's name, the self index under the index — eleven columns did not
  // fit and the "Lưu ý" column scrolled inside the card.
  const compact = !narrow && screens.xl === false;
  const focused = focusUnitId !== undefined && units.some((u) => u.unitId === focusUnitId);
  useEffect(() => {
    if (focused) {
      document.getElementById(`unit-${focusUnitId}`)?.scrollIntoView({ block: 'center' });
    }
  }, [focused, focusUnitId]);
  const rank = (u: UnitResult) =>
    u.excludedReason !== null ? (
      <Tooltip title={u.excludedReason}>
        <Tag style={compact ? { whiteSpace: 'normal', marginInlineEnd: 0 } : undefined}>
          {t('Không xếp hạng', 'Not ranked')}
        </Tag>
      </Tooltip>
    ) : u.rank === null ? (
      '—'
    ) : (
      `${u.rank}${u.tied ? '=' : ''}`
    );
  const sheet = (s: string | null) => {
    const l = s ? SHEET_STATUS[s] : undefined;
    return <Tag color={l?.[2]}>{l ? (lang === 'vi' ? l[0] : l[1]) : (s ?? '—')}</Tag>;
  };
  const classOf = (u: UnitResult) => (provisional ? '—' : <ClassTag classKey={u.classKey} name={u.className} />);
  const flagsOf = (u: UnitResult) => (
    <>
      {u.excludedReason !== null ? (
        <Typography.Text type="secondary">
          {t('Đã loại khỏi xếp hạng: ', 'Excluded: ')}
          {u.excludedReason}{' '}
        </Typography.Text>
      ) : (
        <UnitFlags flags={u.flags} />
      )}
      {extra?.(u)}
    </>
  );
  const focusStyle = { background: '#fff1b8' };

  if (narrow) {
    // A phone: one card per unit (rank, name, index and class first), never a table to scroll sideways.
    return (
      <List
        dataSource={units}
        data-testid="consolidation-cards"
        renderItem={(u) => (
          <Card
            size="small"
            key={u.unitId}
            id={`unit-${u.unitId}`}
            aria-current={u.unitId === focusUnitId ? 'true' : undefined}
            style={{ marginBottom: 8, ...(u.unitId === focusUnitId ? focusStyle : {}) }}
          >
            <Space orientation="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
              <Space align="start" style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text strong style={{ wordBreak: 'break-word' }}>
                  {rank(u)}
                  {u.excludedReason === null && u.rank !== null ? '. ' : ' '}
                  {u.unitName}
                </Typography.Text>
                {classOf(u)}
              </Space>
              <Space size={[8, 4]} wrap>
                {sheet(u.sheetState)}
                <Typography.Text>
                  {t('Chỉ số', 'Index')}: <strong>{formatNumber(hundredths(u.indexHundredths))}</strong>
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('tự chấm', 'self')} {formatNumber(hundredths(u.selfIndexHundredths))}
                </Typography.Text>
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('Tự chấm', 'Self')} {formatNumber(milli(u.selfMilli))} · {t('Thẩm định', 'Appraised')}{' '}
                {formatNumber(milli(u.finalLeavesMilli))} · {t('Thưởng/trừ', 'Bonus/penalty')} +
                {formatNumber(milli(u.bonusMilli))} / −{formatNumber(milli(u.penaltyMilli))} ·{' '}
                {t('Đạt / tối đa', 'Achieved / max')} {formatNumber(milli(u.achievedMilli))} /{' '}
                {formatNumber(milli(u.maxMilli))}
              </Typography.Text>
              {flagsOf(u)}
            </Space>
          </Card>
        )}
      />
    );
  }
  // Wide: every column fits the content area at 1366 (no sideways scroll): the figures are narrow and right-aligned,
  // the unit name and the flags take what is left and wrap. Compact (below 1200 px): the sheet's state under the
  // unit's name, the class and the self index under the index, narrower figures. "Lưu ý" stays a column of its own
  // under the same key at every width: its row actions (the exclusion and its dialog) keep their state when the
  // window is resized.
  const w = (wide: number, narrower: number) => (compact ? narrower : wide);
  const figure = (title: string, key: keyof UnitResult, wide: number, narrower: number) => ({
    title,
    key,
    width: w(wide, narrower),
    align: 'right' as const,
    render: (_: unknown, u: UnitResult) => formatNumber(milli(u[key] as number)),
  });
  const columns = [
    { title: t('Hạng', 'Rank'), key: 'rank', width: w(64, 64), render: (_: unknown, u: UnitResult) => rank(u) },
    {
      title: t('Đơn vị', 'Unit'),
      key: 'unitName',
      render: (_: unknown, u: UnitResult) =>
        compact ? (
          <Space orientation="vertical" size={2} style={{ overflowWrap: 'anywhere' }}>
            {u.unitName}
            {sheet(u.sheetState)}
          </Space>
        ) : (
          u.unitName
        ),
    },
    ...(compact
      ? []
      : [
          {
            title: t('Biểu', 'Sheet'),
            key: 'sheetState',
            width: 112,
            render: (_: unknown, u: UnitResult) => sheet(u.sheetState),
          },
        ]),
    figure(t('Tự chấm', 'Self'), 'selfMilli', 72, 60),
    figure(t('Thẩm định', 'Appraised'), 'finalLeavesMilli', 80, 72),
    {
      title: t('Thưởng/ trừ', 'Bonus/ penalty'),
      key: 'bp',
      width: w(76, 76),
      align: 'right' as const,
      render: (_: unknown, u: UnitResult) => (
        <>
          +{formatNumber(milli(u.bonusMilli))}
          <br />−{formatNumber(milli(u.penaltyMilli))}
        </>
      ),
    },
    {
      title: t('Đạt / tối đa', 'Achieved / max'),
      key: 'am',
      width: w(84, 72),
      align: 'right' as const,
      render: (_: unknown, u: UnitResult) => (
        <>
          {formatNumber(milli(u.achievedMilli))}
          <br />/ {formatNumber(milli(u.maxMilli))}
        </>
      ),
    },
    ...(compact
      ? []
      : [
          {
            title: t('Chỉ số tự chấm', 'Self index'),
            key: 'selfIndex',
            width: 76,
            align: 'right' as const,
            render: (_: unknown, u: UnitResult) => formatNumber(hundredths(u.selfIndexHundredths)),
          },
        ]),
    {
      title: t('Chỉ số', 'Index'),
      key: 'index',
      width: w(68, 80),
      align: 'right' as const,
      render: (_: unknown, u: UnitResult) =>
        compact ? (
          <Space orientation="vertical" size={2} align="end">
            <strong>{formatNumber(hundredths(u.indexHundredths))}</strong>
            <span style={{ fontSize: 12 }}>
              {t('tự chấm', 'self')} {formatNumber(hundredths(u.selfIndexHundredths))}
            </span>
            {classOf(u)}
          </Space>
        ) : (
          <strong>{formatNumber(hundredths(u.indexHundredths))}</strong>
        ),
    },
    ...(compact
      ? []
      : [
          { title: t('Xếp loại', 'Class'), key: 'class', width: 96, render: (_: unknown, u: UnitResult) => classOf(u) },
        ]),
    { title: t('Lưu ý', 'Flags'), key: 'flags', width: w(180, 160), render: (_: unknown, u: UnitResult) => flagsOf(u) },
  ];
  return (
    <Table<UnitResult>
      rowKey="unitId"
      onRow={(u) =>
        u.unitId === focusUnitId
          ? { id: `unit-${u.unitId}`, 'aria-current': 'true', style: focusStyle }
          : { id: `unit-${u.unitId}` }
      }
      size="small"
      pagination={false}
      dataSource={units}
      columns={columns}
      // Compact: the widths above hold (an auto layout widened the rank for "Không xếp hạng" and pushed the table
      // 12 px past its card); the unit's name takes the rest and wraps.
      tableLayout={compact ? 'fixed' : undefined}
    />
  );
}

/** Until the appraisal phase is over the consolidation is provisional ("Tạm tính"). */
export const PROVISIONAL_STATES = ['draft', 'selfAssessment', 'appraisal'];

/** The tables a decision will freeze, as they stand now, one tab per unit group. */
export function ConsolidationTabs({
  campaignId,
  provisional,
  focusUnitId,
  canExclude = false,
}: {
  campaignId: number;
  provisional: boolean;
  focusUnitId?: number;
  /** The secretariat's consolidation page: units that did not submit can be excluded with a reason. */
  canExclude?: boolean;
}) {
  const { t } = useLang();
  const data = useConsolidation(campaignId);
  return (
    <>
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : null}
      {data.job && !data.error ? (
        <ConsolidationProgress job={data.job} />
      ) : data.loading && !data.data ? (
        <Loading rows={8} />
      ) : null}
      {data.data ? (
        <Tabs
          defaultActiveKey={String(
            data.data.tables.find((g) => g.units.some((u) => u.unitId === focusUnitId))?.tableNo ??
              data.data.tables[0]?.tableNo,
          )}
          items={data.data.tables.map((g) => ({
            key: String(g.tableNo),
            label: `${t('Bảng', 'Table')} ${g.tableNo}: ${g.groupName} (${g.units.length})`,
            children: (
              <ConsolidationTable
                units={g.units}
                provisional={provisional}
                focusUnitId={focusUnitId}
                extra={
                  canExclude
                    ? (u) => <ExcludeUnitAction campaignId={campaignId} unit={u} onChanged={data.reload} />
                    : undefined
                }
              />
            ),
          }))}
        />
      ) : null}
    </>
  );
}

export default function ConsolidationPage() {
  const { t } = useLang();
  const [params] = useSearchParams();
  const focusUnitId = Number(params.get('unit')) || undefined;
  const { current } = useCampaign();
  const { hasRole } = useAuth();
  const screens = Grid.useBreakpoint();
  if (!current) {
    return <NoCampaign />;
  }
  const provisional = PROVISIONAL_STATES.includes(current.state);
  return (
    <Card
      title={
        // The title wraps: a card title is cut with "…", and at 390 px that cut the "Tạm tính" tag.
        <Typography.Title level={1} style={{ margin: 0, whiteSpace: 'normal' }}>
          {t('Bảng tổng hợp kết quả', 'Consolidation')}{' '}
          {provisional ? <Tag color="orange">{t('Tạm tính', 'Provisional')}</Tag> : null}
        </Typography.Title>
      }
    >
      {/* In the body, not the header's extra: the progress bar and the download link would squeeze the title out at 390 px.
          On the right from 576 px; on a phone under the title, where the eye already is (not floating off to the right). */}
      <div style={{ display: 'flex', justifyContent: screens.sm ? 'flex-end' : 'flex-start', marginBottom: 12 }}>
        <ReportJobButton campaignId={current.id} kind="consolidation-xlsx" label={['Xuất Excel', 'Export Excel']} />
      </div>
      {provisional ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(
            'Số liệu tạm tính: thẩm định chưa kết thúc nên chưa xếp loại; thứ hạng có thể còn thay đổi.',
            'Provisional figures: appraisal has not ended, so no class is given and ranks may still change.',
          )}
        />
      ) : null}
      <ConsolidationTabs
        campaignId={current.id}
        provisional={provisional}
        focusUnitId={focusUnitId}
        // Offered only when the phase gate lets the consolidation write (council review, approval before publication).
        canExclude={hasRole('admin') && ['councilReview', 'approval'].includes(current.state)}
      />
    </Card>
  );
}
