/**
 * The scores tab: per leaf of the content area — the criterion with its rule and the scores it allows, the unit's
 * self score and explanation, its documents (from the task, with every signature), the rule's suggestion, and the
 * appraised score and comment of the round being scored. The self score or the suggestion is taken (and saved) in
 * one action; a refused entry is marked in its row with the reason. A table from md up; on a phone each leaf is a
 * card, so nothing needs sideways scrolling.
 */
import { Alert, Button, Card, Grid, Input, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatNumber, parseNumber } from '../../lib/format';
import { useLang } from '../../lib/i18n';
import { LeafEvidence } from './leaf-evidence';
import { ClaimButton } from './task-header';
import type { Leaf, TaskEvidence, TaskModel } from './use-task';

const NOTE = { fontSize: 12, color: '#595959' } as const;

export function ScoreTable({ model, onOpen }: { model: TaskModel; onOpen: (e: TaskEvidence) => void }) {
  const { t } = useLang();
  const screens = Grid.useBreakpoint();
  const wide = screens.md ?? true;
  // Below 1200 px (1024 beside the menu: some 720 px for the table) the documents sit under the criterion, not in a
  // column of their own: the six columns needed 980 px and the table scrolled sideways inside its card.
  const roomy = screens.xl ?? true;
  const leaves = model.task.data?.leaves ?? [];
  const notice = <ReadOnlyNotice model={model} />;
  const cells = {
    criterion: (l: Leaf) => <CriterionCell leaf={l} model={model} />,
    criterionWithEvidence: (l: Leaf) => (
      <>
        <CriterionCell leaf={l} model={model} />
        {l.evidence.length > 0 ? (
          <Labelled label={t('Tài liệu kiểm chứng', 'Evidence')}>
            <LeafEvidence items={l.evidence} onOpen={onOpen} />
          </Labelled>
        ) : null}
      </>
    ),
    self: (l: Leaf) => (
      <ValueCell
        leaf={l}
        model={model}
        points={l.selfPoints}
        note={l.selfExplanation}
        take={t('Dùng điểm tự chấm', 'Use self score')}
      />
    ),
    evidence: (l: Leaf) => <LeafEvidence items={l.evidence} onOpen={onOpen} />,
    suggestion: (l: Leaf) => (
      <ValueCell
        leaf={l}
        model={model}
        points={l.suggestion.points}
        note={l.suggestion.explanation}
        take={t('Dùng gợi ý', 'Use suggestion')}
      />
    ),
    appraised: (l: Leaf) => <AppraisedCell leaf={l} model={model} />,
  };
  if (!wide) {
    return (
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {notice}
        {leaves.map((l) => (
          <Card
            key={l.code}
            size="small"
            data-testid={`leaf-${l.code}`}
            title={<span style={{ whiteSpace: 'normal' }}>{l.code}</span>}
          >
            {cells.criterion(l)}
            <Labelled label={t('Tự chấm', 'Self')}>{cells.self(l)}</Labelled>
            <Labelled label={t('Tài liệu kiểm chứng', 'Evidence')}>{cells.evidence(l)}</Labelled>
            <Labelled label={t('Gợi ý theo quy tắc', 'Rule suggests')}>{cells.suggestion(l)}</Labelled>
            <Labelled label={t('Điểm thẩm định', 'Appraised')}>{cells.appraised(l)}</Labelled>
          </Card>
        ))}
      </Space>
    );
  }
  const columns = [
    { title: t('Mã', 'Code'), dataIndex: 'code', width: 48 },
    {
      title: t('Tiêu chí', 'Criterion'),
      key: 'title',
      render: (_: unknown, l: Leaf) => (roomy ? cells.criterion(l) : cells.criterionWithEvidence(l)),
    },
    {
      title: t('Tự chấm', 'Self'),
      key: 'self',
      width: roomy ? 130 : 116,
      render: (_: unknown, l: Leaf) => cells.self(l),
    },
    ...(roomy
      ? [
          {
            title: t('Tài liệu kiểm chứng', 'Evidence'),
            key: 'evidence',
            width: 180,
            render: (_: unknown, l: Leaf) => cells.evidence(l),
          },
        ]
      : []),
    {
      title: t('Gợi ý theo quy tắc', 'Rule suggests'),
      key: 'suggestion',
      width: roomy ? 140 : 116,
      render: (_: unknown, l: Leaf) => cells.suggestion(l),
    },
    {
      title: t('Điểm thẩm định, nhận xét', 'Appraised, comment'),
      key: 'points',
      width: roomy ? 190 : 176,
      render: (_: unknown, l: Leaf) => cells.appraised(l),
    },
  ];
  return (
    <>
      {notice}
      <Table<Leaf>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={leaves}
        columns={columns}
        scroll={{ x: roomy ? 980 : 680 }}
      />
    </>
  );
}

/** Why the scores cannot be typed now, and the action that changes it (the claim) where there is one. */
function ReadOnlyNotice({ model }: { model: TaskModel }) {
  const { t } = useLang();
  const data = model.task.data;
  if (!data || model.editable || data.state === 'completed') {
    return null;
  }
  const title = model.canClaim
    ? t(
        'Nhiệm vụ chưa có người nhận: điểm chỉ xem được cho đến khi bạn nhận việc.',
        'Nobody holds this task: the scores are read-only until you claim it.',
      )
    : data.state === 'awaitingClarification'
      ? t(
          'Đang chờ đơn vị giải trình: chấm tiếp khi đơn vị trả lời hoặc hết hạn trả lời.',
          'Waiting for the unit: scoring resumes when it answers or the reply date passes.',
        )
      : t(
          `Nhiệm vụ do ${data.assignee?.fullName ?? '—'} xử lý: bạn chỉ xem được.`,
          `${data.assignee?.fullName ?? '—'} holds this task: read-only for you.`,
        );
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 8 }}
      title={title}
      action={model.canClaim ? <ClaimButton model={model} /> : undefined}
    />
  );
}

function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ marginTop: 8 }}>
      <div style={{ ...NOTE, fontWeight: 600 }}>{label}</div>
      {children}
    </div>
  );
}

/** The title, the rule and the scores it allows, the evidence hint and the unit's answers to clarifications. */
function CriterionCell({ leaf: l, model }: { leaf: Leaf; model: TaskModel }) {
  const { t } = useLang();
  return (
    <>
      <div>{l.title}</div>
      <RuleOf leaf={l} />
      {l.evidenceHint ? (
        <div style={NOTE}>
          {t('Tài liệu kiểm chứng', 'Evidence')}: {l.evidenceHint}
        </div>
      ) : null}
      {/* The unit's answer next to the criterion it explains (the full list is in the clarifications tab). */}
      {(model.task.data?.clarifications ?? [])
        .filter((k) => k.status === 'answered' && k.criterionCodes.includes(l.code))
        .map((k) => (
          <div key={k.id} data-testid={`clarified-${l.code}`} style={{ marginTop: 4, fontSize: 12 }}>
            <Tag color="cyan">{t('Đơn vị đã giải trình', 'The unit answered')}</Tag>
            {k.answer}
          </div>
        ))}
    </>
  );
}

/** A proposed value (self score or suggestion) with its note, and the one action that takes and saves it. */
function ValueCell(p: { leaf: Leaf; model: TaskModel; points: number | null; note: string | null; take: string }) {
  const { editable, saving, actions } = p.model;
  return (
    <>
      <strong>{formatNumber(p.points)}</strong>
      {p.note ? <div style={NOTE}>{p.note}</div> : null}
      {editable && p.points !== null ? (
        <div>
          <Button
            size="small"
            type="link"
            style={{ padding: 0 }}
            disabled={saving}
            aria-label={`${p.take} ${p.leaf.code}`}
            onClick={() => void actions.accept(p.leaf, p.points!)}
          >
            {p.take}
          </Button>
        </div>
      ) : null}
    </>
  );
}

/** The appraised score and comment of the round being scored; a refused save is marked here with its reason. */
function AppraisedCell({ leaf: l, model }: { leaf: Leaf; model: TaskModel }) {
  const { t, lang } = useLang();
  const { draft, edit, editable, refused } = model;
  const refusal = refused[l.code];
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {l.needsRound2 ? (
        <Tag color="purple">
          {t('Vòng 2', 'Round 2')} · {t('vòng 1', 'round 1')}: {formatNumber(l.round1)}
        </Tag>
      ) : null}
      <Input
        size="small"
        inputMode="decimal"
        disabled={!editable}
        data-score-input
        aria-label={`${t('Điểm thẩm định', 'Appraised')} ${l.code}`}
        value={draft[l.code]?.points ?? ''}
        onChange={(e) => edit(l.code, { points: e.target.value })}
        status={refusal || outOfRange(l, draft[l.code]?.points) ? 'error' : undefined}
        aria-invalid={refusal ? true : undefined}
        aria-describedby={refusal ? `refused-${l.code}` : undefined}
      />
      {refusal ? (
        <Typography.Text type="danger" id={`refused-${l.code}`} role="alert" style={{ fontSize: 12 }}>
          {lang === 'vi' ? refusal.messageVi : refusal.message}
        </Typography.Text>
      ) : null}
      <Input.TextArea
        autoSize={{ minRows: 1, maxRows: 3 }}
        disabled={!editable}
        placeholder={t('Nhận xét', 'Comment')}
        aria-label={`${t('Nhận xét', 'Comment')} ${l.code}`}
        value={draft[l.code]?.comment ?? ''}
        onChange={(e) => edit(l.code, { comment: e.target.value })}
      />
    </Space>
  );
}

const outOfRange = (l: Leaf, text: string | undefined) => {
  const n = text ? parseNumber(text) : undefined;
  return n !== undefined && (n < l.minPoints || n > l.maxPoints);
};

/** The criterion's rule and the scores it allows, so the appraiser knows what the save will accept. */
function RuleOf({ leaf }: { leaf: Leaf }) {
  const { t } = useLang();
  const allowed = leaf.allowedPoints
    ? `${t('Chỉ cho các mức', 'Only')}: ${leaf.allowedPoints.map((p) => formatNumber(p, 3)).join('; ')}`
    : `${t('Từ', 'From')} ${formatNumber(leaf.minPoints, 3)} ${t('đến', 'to')} ${formatNumber(leaf.maxPoints, 3)}`;
  return (
    <div data-testid={`rule-${leaf.code}`} style={{ ...NOTE, marginTop: 2 }}>
      {leaf.rule ? (
        <div style={{ whiteSpace: 'pre-line' }}>
          {t('Quy tắc', 'Rule')}: {leaf.rule}
        </div>
      ) : null}
      <div>
        {t('Điểm cho phép', 'Allowed')}: {allowed}
      </div>
    </div>
  );
}
