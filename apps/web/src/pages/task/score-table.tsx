/**
 * The scores tab: one row per leaf of the content area — the unit's self score and explanation, its documents
 * (from the task, with every signature), the rule's suggestion, and the appraised score and comment of the round
 * being scored.
 */
import { Input, Space, Table, Tag, Typography } from 'antd';
import { formatNumber, parseNumber } from '../../lib/format';
import { useLang } from '../../lib/i18n';
import { LeafEvidence } from './leaf-evidence';
import type { Leaf, TaskEvidence, TaskModel } from './use-task';

export function ScoreTable({ model, onOpen }: { model: TaskModel; onOpen: (e: TaskEvidence) => void }) {
  const { t } = useLang();
  const { draft, edit, editable } = model;
  const columns = [
    { title: t('Mã', 'Code'), dataIndex: 'code', width: 70 },
    {
      title: t('Tiêu chí', 'Criterion'),
      dataIndex: 'title',
      render: (title: string, l: Leaf) => (
        <>
          <div>{title}</div>
          {l.evidenceHint ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('Tài liệu kiểm chứng', 'Evidence')}: {l.evidenceHint}
            </Typography.Text>
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
      ),
    },
    {
      title: t('Tối đa', 'Max'),
      dataIndex: 'maxPoints',
      width: 64,
      align: 'right' as const,
      render: (n: number) => formatNumber(n),
    },
    {
      title: t('Tự chấm', 'Self'),
      dataIndex: 'selfPoints',
      width: 150,
      render: (n: number | null, l: Leaf) => (
        <>
          <strong>{formatNumber(n)}</strong>
          {l.selfExplanation ? <div style={{ fontSize: 12, color: '#595959' }}>{l.selfExplanation}</div> : null}
        </>
      ),
    },
    {
      title: t('Tài liệu kiểm chứng', 'Evidence'),
      dataIndex: 'evidence',
      width: 210,
      render: (docs: TaskEvidence[]) => <LeafEvidence items={docs} onOpen={onOpen} />,
    },
    {
      title: t('Gợi ý theo quy tắc', 'Rule suggests'),
      dataIndex: 'suggestion',
      width: 120,
      render: (s: Leaf['suggestion']) =>
        s ? <Typography.Text title={s.explanation}>{formatNumber(s.points)}</Typography.Text> : '—',
    },
    {
      title: t('Điểm thẩm định', 'Appraised'),
      key: 'points',
      width: 120,
      render: (_: unknown, l: Leaf) => (
        <Space orientation="vertical" size={2}>
          {l.needsRound2 ? (
            <Tag color="purple">
              {t('Vòng 2', 'Round 2')} · {t('vòng 1', 'round 1')}: {formatNumber(l.round1)}
            </Tag>
          ) : null}
          <Input
            size="small"
            inputMode="decimal"
            disabled={!editable}
            aria-label={`${t('Điểm thẩm định', 'Appraised')} ${l.code}`}
            value={draft[l.code]?.points ?? ''}
            onChange={(e) => edit(l.code, { points: e.target.value })}
            status={
              draft[l.code]?.points && (parseNumber(draft[l.code].points) ?? -1) > l.maxPoints ? 'error' : undefined
            }
          />
        </Space>
      ),
    },
    {
      title: t('Nhận xét', 'Comment'),
      key: 'comment',
      width: 220,
      render: (_: unknown, l: Leaf) => (
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 3 }}
          disabled={!editable}
          aria-label={`${t('Nhận xét', 'Comment')} ${l.code}`}
          value={draft[l.code]?.comment ?? ''}
          onChange={(e) => edit(l.code, { comment: e.target.value })}
        />
      ),
    },
  ];
  return (
    <Table<Leaf>
      rowKey="code"
      size="small"
      pagination={false}
      dataSource={model.task.data?.leaves ?? []}
      columns={columns}
      scroll={{ x: 1080 }}
    />
  );
}
