/**
 * "Ai đang chậm?" on the leadership dashboard (issue 17): the units and tasks not done in the phase in progress,
 * per kind (worst first), grouped by unit group (units) or appraising organisation (tasks), each a link — a unit to
 * its row of the consolidation table, a task to its page for supervisors — and the same lists as .xlsx.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Tag, Typography } from 'antd';
import { webPath } from '@lib/web-routes';
import { Link } from 'react-router-dom';
import type { Schemas } from '../api/client';
import { useAuth } from '../auth';
import { formatCountdown, formatDeadline } from '../lib/format';
import { useLang } from '../lib/i18n';

type Behind = Schemas['BehindViewDto'];
type Item = Schemas['BehindItemDto'];

const KIND_COLORS: Record<string, string> = {
  overdue: 'red',
  inClarification: 'purple',
  atRisk: 'orange',
  notSubmitted: 'default',
  unclaimed: 'gold',
};
const SHEET_KINDS = ['overdue', 'inClarification', 'atRisk', 'notSubmitted'];
const TASK_KINDS = ['overdue', 'inClarification', 'atRisk', 'unclaimed'];

/** Items of one kind, in their order, grouped under `groupOf` (first appearance keeps the order). */
function grouped(items: Item[], groupOf: (i: Item) => string): Array<[string, Item[]]> {
  const out = new Map<string, Item[]>();
  for (const i of items) {
    out.set(groupOf(i), [...(out.get(groupOf(i)) ?? []), i]);
  }
  return [...out];
}

/** A group's items once per unit: the first item (its link) and the content areas of its tasks. */
function byUnit(items: Item[]): Array<[Item, string[]]> {
  const out = new Map<number, [Item, string[]]>();
  for (const i of items) {
    const known = out.get(i.unitId);
    const area = i.contentAreaName ? [i.contentAreaName] : [];
    out.set(i.unitId, known ? [known[0], [...known[1], ...area]] : [i, area]);
  }
  return [...out.values()];
}

/** One link per unit: a unit's several tasks in one group show as "Tư pháp (3 lĩnh vực)", the areas in its title. */
function ItemLink({ item, campaignId, areas }: { item: Item; campaignId: number; areas: string[] }) {
  const { hasRole } = useAuth();
  const { t, lang } = useLang();
  const label = areas.length > 1 ? `${item.unitName} (${areas.length} ${t('lĩnh vực', 'areas')})` : item.unitName;
  const due =
    item.kind === 'overdue'
      ? `${t('hạn', 'due')} ${formatDeadline(item.dueAt)}`
      : formatCountdown(item.secondsLeft, lang);
  const title = [`${item.kindName} — ${due}${item.extended ? t(' (đã gia hạn)', ' (extended)') : ''}`, ...areas].join(
    '\n',
  );
  const to =
    item.subject === 'task' && item.taskId && hasRole('supervisor')
      ? webPath('task', { id: item.taskId })
      : hasRole('admin', 'leader', 'council_member')
        ? webPath('consolidation', {}, { campaign: campaignId, unit: item.unitId })
        : null;
  return to ? (
    <Link to={to} title={title} data-testid={`behind-${item.subject}-${item.taskId ?? item.unitId}`}>
      {label}
    </Link>
  ) : (
    <span title={title}>{label}</span>
  );
}

function KindBlock({
  kind,
  items,
  groupOf,
  campaignId,
}: {
  kind: string;
  items: Item[];
  groupOf: (i: Item) => string;
  campaignId: number;
}) {
  if (items.length === 0) {
    return null;
  }
  return (
    <div style={{ marginBottom: 8 }} data-testid={`behind-kind-${items[0].subject}-${kind}`}>
      <Tag color={KIND_COLORS[kind]} style={{ fontWeight: 600 }}>
        {items[0].kindName} ({items.length})
      </Tag>
      {grouped(items, groupOf).map(([group, list]) => (
        <div key={group} style={{ fontSize: 13, marginTop: 2, overflowWrap: 'anywhere' }}>
          <Typography.Text type="secondary">{group}: </Typography.Text>
          {byUnit(list).map(([first, areas], n) => (
            <span key={`${first.subject}${first.taskId ?? first.unitId}`}>
              {n > 0 ? ', ' : null}
              <ItemLink item={first} campaignId={campaignId} areas={areas} />
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}

export function BehindCard({ behind, campaignId }: { behind: Behind; campaignId: number }) {
  const { t } = useLang();
  const byKind = (items: Item[], kind: string) => items.filter((i) => i.kind === kind);
  const nothing = behind.sheets.length === 0 && behind.tasks.length === 0;
  return (
    <Card
      size="small"
      data-testid="behind-card"
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
          {t('Ai đang chậm?', 'Who is behind?')}
        </Typography.Title>
      }
      extra={
        <a href={`/api/campaigns/${campaignId}/progress/behind.xlsx`} download>
          <Button size="small" icon={<DownloadOutlined />}>
            {t('Xuất Excel', 'Export Excel')}
          </Button>
        </a>
      }
    >
      {nothing ? (
        <Alert
          type="success"
          showIcon
          title={
            behind.currentPhase
              ? t('Không đơn vị, nhiệm vụ nào chậm.', 'Nobody is behind.')
              : t('Không có giai đoạn đang diễn ra.', 'No phase is in progress.')
          }
        />
      ) : (
        <Row gutter={[16, 8]}>
          {behind.sheets.length ? (
            <Col xs={24} lg={behind.tasks.length ? 12 : 24}>
              <Typography.Text strong>
                {t(`Đơn vị (${behind.sheets.length})`, `Units (${behind.sheets.length})`)}
              </Typography.Text>
              {SHEET_KINDS.map((k) => (
                <KindBlock
                  key={k}
                  kind={k}
                  items={byKind(behind.sheets, k)}
                  groupOf={(i) => i.groupName}
                  campaignId={campaignId}
                />
              ))}
            </Col>
          ) : null}
          {behind.tasks.length ? (
            <Col xs={24} lg={behind.sheets.length ? 12 : 24}>
              <Typography.Text strong>
                {t(`Nhiệm vụ thẩm định (${behind.tasks.length})`, `Appraisal tasks (${behind.tasks.length})`)}
              </Typography.Text>
              {TASK_KINDS.map((k) => (
                <KindBlock
                  key={k}
                  kind={k}
                  items={byKind(behind.tasks, k)}
                  groupOf={(i) => i.organisationName ?? '—'}
                  campaignId={campaignId}
                />
              ))}
            </Col>
          ) : null}
        </Row>
      )}
    </Card>
  );
}
