/**
 * Leadership: where the campaign stands — the phase timeline with today's position, progress per phase, charts
 * per appraising organisation and per unit group, the overdue lists, and a burn-down of open work (all from MySQL
 * through /progress and /consolidation, refreshed every minute).
 */
import { Card, Col, Progress, Row, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api, call, type Schemas } from '../api/client';
import { ConsolidationProgress } from '../components/consolidation-progress';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { useCampaign } from '../lib/campaign-context';
import { formatCountdown, formatDate, formatDeadline, formatNumber } from '../lib/format';
import { SHEET_STATUS, useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';
import { useConsolidation } from '../lib/use-consolidation';
import { timelineGeometry } from '@lib/web-routes';
import { BehindCard } from './behind-card';
import { NoCampaign } from '../components/no-campaign';

type Progress = Schemas['ProgressViewDto'];

function Timeline({ p }: { p: Progress }) {
  const { t, lang } = useLang();
  const phases = p.timeline;
  if (phases.length === 0) {
    return null;
  }
  // Every phase a segment, today inside its own phase (at an end, labelled, before or after the campaign).
  const g = timelineGeometry(phases, p.now);
  const colors: Record<string, string> = { done: '#95de64', current: '#69b1ff', upcoming: '#f0f0f0' };
  return (
    <div data-testid="phase-timeline" style={{ position: 'relative', paddingTop: 22 }}>
      <div style={{ display: 'flex', height: 30, borderRadius: 4, overflow: 'hidden', border: '1px solid #d9d9d9' }}>
        {phases.map((ph, i) => (
          <Tooltip key={ph.phase} title={`${ph.name}: ${formatDate(ph.startsAt)} – ${formatDeadline(ph.dueAt)}`}>
            <div
              data-testid={`phase-segment-${ph.phase}`}
              style={{
                width: `${g.segments[i].width}%`,
                flex: 'none',
                background: colors[ph.status],
                borderRight: i < phases.length - 1 ? '1px solid #fff' : undefined,
                padding: '4px 6px',
                fontSize: 12,
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
              }}
            >
              {ph.name}
            </div>
          </Tooltip>
        ))}
      </div>
      <div
        data-testid="timeline-today"
        style={{
          position: 'absolute',
          left: g.today.left >= 100 ? 'calc(100% - 2px)' : `${g.today.left}%`,
          top: 0,
          bottom: -4,
          borderLeft: '2px solid #a8071a',
        }}
      >
        <span
          data-testid="timeline-today-label"
          style={{
            position: 'absolute',
            top: 0,
            ...(g.today.anchor === 'end' ? { right: 4 } : { left: 4 }),
            fontSize: 12,
            color: '#a8071a',
            whiteSpace: 'nowrap',
          }}
        >
          {t('Hôm nay', 'Today')} {formatDate(p.now)}
          {g.today.outside === 'after'
            ? t(' (đợt đã qua)', ' (campaign over)')
            : g.today.outside === 'before'
              ? t(' (đợt chưa bắt đầu)', ' (not started)')
              : ''}
        </span>
      </div>
      <Space size={24} style={{ marginTop: 8 }} wrap>
        {phases.map((ph) => (
          <span key={ph.phase} style={{ fontSize: 12 }}>
            <strong>{ph.name}</strong>: {t('hạn', 'due')} {formatDeadline(ph.dueAt)}{' '}
            {ph.status === 'current' ? (
              <Tag color="blue">{formatCountdown(ph.secondsLeft, lang)}</Tag>
            ) : ph.status === 'done' ? (
              <Tag color="green">{t('xong', 'done')}</Tag>
            ) : null}
          </span>
        ))}
      </Space>
    </div>
  );
}

/** The phase in progress with its deadline in force and the time left (or where the campaign stands outside them). */
function CurrentPhase({ p }: { p: Progress }) {
  const { t, lang } = useLang();
  const ph = p.timeline.find((x) => x.status === 'current');
  if (!ph) {
    const done = p.timeline.every((x) => x.status === 'done');
    return (
      <Typography.Text data-testid="current-phase">
        {done
          ? t('Đợt đánh giá đã qua mọi giai đoạn.', 'The campaign has been through every phase.')
          : t('Đợt đánh giá chưa mở.', 'The campaign has not opened yet.')}
      </Typography.Text>
    );
  }
  return (
    <Space wrap size={[12, 4]} data-testid="current-phase">
      <span>
        {t('Giai đoạn hiện tại', 'Current phase')}: <strong>{ph.name}</strong>
      </span>
      <span>
        {t('hạn', 'due')} {formatDeadline(ph.dueAt)}
      </span>
      {ph.closed ? (
        <Tag color="red">{t('đã đóng', 'closed')}</Tag>
      ) : (
        <Tag color={ph.secondsLeft <= 3 * 86_400 ? 'orange' : 'blue'}>{formatCountdown(ph.secondsLeft, lang)}</Tag>
      )}
    </Space>
  );
}

export default function DashboardPage() {
  const { t, lang } = useLang();
  const { current } = useCampaign();
  const id = current?.id;
  const progress = useAsync(
    () =>
      id ? call(api.GET('/api/campaigns/{id}/progress', { params: { path: { id } } })) : Promise.resolve(undefined),
    [id],
    { pollMs: 60_000 },
  );
  // "Ai đang chậm?": leadership, the secretariat and viewers; others see the dashboard without it.
  const behind = useAsync(
    () =>
      id
        ? call(api.GET('/api/campaigns/{id}/progress/behind', { params: { path: { id } } })).catch(() => undefined)
        : Promise.resolve(undefined),
    [id],
    { pollMs: 60_000 },
  );
  // A large campaign's table is consolidated by a job: its progress shows in the chart's card until it is ready.
  const consolidation = useConsolidation(id);

  if (!current) {
    return (
      <NoCampaign
        title={t(
          'Chưa có đợt đánh giá. Tiến độ sẽ hiện khi Văn phòng thường trực mở đợt.',
          'No campaign yet. Progress appears once the secretariat opens one.',
        )}
      />
    );
  }
  if (progress.loading && !progress.data) {
    return <Loading rows={10} />;
  }
  if (progress.error || !progress.data) {
    return <ErrorState error={progress.error} onRetry={progress.reload} />;
  }
  const p = progress.data;
  const sa = p.selfAssessment;
  const ap = p.appraisal;
  const pct = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 100));

  // Per unit group: sheets by state, from the consolidation table.
  const states = ['draft', 'submitted', 'underAppraisal', 'clarificationRequested', 'appraised', 'locked'];
  const groups = (consolidation.data?.tables ?? []).map((g) => {
    const row: Record<string, string | number> = { group: g.groupName };
    for (const s of states) {
      row[s] = g.units.filter((u) => u.sheetState === s).length;
    }
    return row;
  });
  const stateColors: Record<string, string> = {
    draft: '#d9d9d9',
    submitted: '#69b1ff',
    underAppraisal: '#1677ff',
    clarificationRequested: '#b37feb',
    appraised: '#52c41a',
    locked: '#ff4d4f',
  };
  const selfScored = (consolidation.data?.tables ?? []).flatMap((g) => g.units).filter((u) => u.selfMilli > 0);
  const averageSelfIndex = selfScored.length
    ? selfScored.reduce((sum, u) => sum + u.selfIndexHundredths, 0) / selfScored.length / 100
    : null;
  const burn = p.history.map((h) => ({
    date: formatDate(h.date).slice(0, 5),
    sheets: h.sheetsRemaining,
    tasks: h.tasksRemaining,
  }));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Typography.Title level={1} style={{ margin: 0, fontSize: 22, whiteSpace: 'normal' }}>
            {t('Tổng quan tiến độ', 'Progress dashboard')} — {current.name}
          </Typography.Title>
        }
      >
        <CurrentPhase p={p} />
      </Card>
      {behind.data ? <BehindCard behind={behind.data} campaignId={current.id} /> : null}
      <Card size="small" title={t('Các giai đoạn', 'Phases')}>
        <Timeline p={p} />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title={t('Biểu tự chấm đã nộp', 'Sheets submitted')} value={`${sa.submitted}/${sa.total}`} />
            <Progress
              percent={pct(sa.submitted, sa.total)}
              size="small"
              aria-label={t('Biểu tự chấm đã nộp', 'Sheets submitted')}
            />
            {sa.overdue ? <Tag color="red">{t(`${sa.overdue} đơn vị quá hạn`, `${sa.overdue} units late`)}</Tag> : null}
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic
              title={t('Nhiệm vụ thẩm định xong', 'Appraisal tasks done')}
              value={`${ap.tasksCompleted}/${ap.tasksTotal}`}
            />
            <Progress
              percent={pct(ap.tasksCompleted, ap.tasksTotal)}
              size="small"
              aria-label={t('Nhiệm vụ thẩm định xong', 'Appraisal tasks done')}
            />
            {ap.overdue ? <Tag color="red">{t(`${ap.overdue} quá hạn`, `${ap.overdue} overdue`)}</Tag> : null}
            {ap.clarificationsOpen ? (
              <Tag color="purple">
                {t(`${ap.clarificationsOpen} chờ giải trình`, `${ap.clarificationsOpen} clarifications open`)}
              </Tag>
            ) : null}
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic
              title={t('Hội đồng thẩm định', 'Council')}
              value={
                p.council.approved
                  ? t('Đã thông qua', 'Approved')
                  : p.council.sessions
                    ? t('Đang họp', 'In session')
                    : t('Chưa họp', 'Not yet')
              }
            />
            <Progress
              percent={p.council.approved ? 100 : p.council.sessions ? 50 : 0}
              size="small"
              showInfo={false}
              aria-label={t('Hội đồng thẩm định', 'Council')}
            />
            <Typography.Text type="secondary">
              {t(`${p.council.adjustments} điều chỉnh`, `${p.council.adjustments} adjustments`)}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic
              title={t('Phê duyệt, công bố', 'Approval, publication')}
              value={
                p.approval.published
                  ? t('Đã công bố', 'Published')
                  : p.approval.leadership
                    ? t('Đã phê duyệt', 'Approved')
                    : t('Chưa', 'Not yet')
              }
            />
            <Progress
              percent={
                (p.approval.council ? 34 : 0) + (p.approval.leadership ? 33 : 0) + (p.approval.published ? 33 : 0)
              }
              size="small"
              showInfo={false}
              aria-label={t('Phê duyệt, công bố', 'Approval, publication')}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('Tiến độ theo cơ quan thẩm định', 'By appraising organisation')}>
            {ap.byOrganisation.length === 0 ? (
              <EmptyState
                title={t(
                  'Nhiệm vụ thẩm định được tạo khi đơn vị nộp biểu.',
                  'Appraisal tasks appear when units submit.',
                )}
              />
            ) : (
              <ResponsiveContainer width="100%" height={260}>
                <BarChart
                  data={ap.byOrganisation.map((o) => ({
                    name: o.name.replace(/^Phòng /, ''),
                    done: o.completed,
                    open: o.total - o.completed - o.overdue,
                    overdue: o.overdue,
                  }))}
                  layout="vertical"
                  margin={{ left: 20 }}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 11 }} />
                  <ChartTooltip />
                  <Legend />
                  <Bar dataKey="done" stackId="a" fill="#52c41a" name={t('Xong', 'Done')} />
                  <Bar dataKey="open" stackId="a" fill="#69b1ff" name={t('Đang làm', 'Open')} />
                  <Bar dataKey="overdue" stackId="a" fill="#ff4d4f" name={t('Quá hạn', 'Overdue')} />
                </BarChart>
              </ResponsiveContainer>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('Biểu tự chấm theo nhóm đơn vị', 'Sheets by unit group')}>
            {consolidation.error ? (
              <ErrorState error={consolidation.error} onRetry={consolidation.reload} />
            ) : consolidation.job ? (
              <ConsolidationProgress job={consolidation.job} />
            ) : (
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={groups}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="group" tick={{ fontSize: 11 }} />
                  <YAxis allowDecimals={false} />
                  <ChartTooltip />
                  <Legend />
                  {states.map((s) => (
                    <Bar
                      key={s}
                      dataKey={s}
                      stackId="g"
                      fill={stateColors[s]}
                      name={SHEET_STATUS[s]?.[lang === 'vi' ? 0 : 1] ?? s}
                    />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            )}
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col span={24}>
          <Card
            size="small"
            title={t('Việc còn lại theo ngày', 'Open work by day')}
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('Chỉ số tự đánh giá trung bình', 'Average self index')}: {formatNumber(averageSelfIndex)}
              </Typography.Text>
            }
          >
            {burn.length < 2 ? (
              <EmptyState
                title={t('Biểu đồ hiện sau ít nhất hai ngày có số liệu.', 'The chart appears after two days of data.')}
              />
            ) : (
              <ResponsiveContainer width="100%" height={240}>
                <LineChart data={burn}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="date" tick={{ fontSize: 11 }} />
                  <YAxis allowDecimals={false} />
                  <ChartTooltip />
                  <Legend />
                  <Line
                    type="monotone"
                    dataKey="sheets"
                    stroke="#1677ff"
                    name={t('Biểu chưa nộp', 'Sheets not submitted')}
                    dot={false}
                  />
                  <Line
                    type="monotone"
                    dataKey="tasks"
                    stroke="#fa8c16"
                    name={t('Nhiệm vụ chưa xong', 'Tasks open')}
                    dot={false}
                  />
                </LineChart>
              </ResponsiveContainer>
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
