/**
 * The council's vote on an adjustment or on the approval: for, against, abstain — every member present casts one,
 * so their sum is the attendance the quorum counts. Prefilled with every voting member for (the usual case is one
 * action); the rule line says what carries, in words, before anyone submits.
 */
import { Form, InputNumber, Space, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { useLang } from '../../lib/i18n';

type Rules = Schemas['CouncilRulesDto'];
export type Votes = Schemas['VoteCountsDto'];

export const RULE_NAMES: Record<string, [string, string]> = {
  majority: ['quá nửa', 'more than half'],
  twoThirds: ['ít nhất hai phần ba', 'at least two thirds'],
  all: ['tất cả', 'all'],
};

/** The least count out of n meeting the rule (the api's `required`, for the sentence only; the api decides). */
function needed(rule: string, n: number): number {
  return rule === 'all' ? n : rule === 'twoThirds' ? Math.ceil((2 * n) / 3) : Math.floor(n / 2) + 1;
}

export function allFor(votingMembers: number): Votes {
  return { votesFor: votingMembers, votesAgainst: 0, votesAbstain: 0 };
}

export function RulesLine({ rules, votingMembers }: { rules: Rules; votingMembers: number }) {
  const { t, lang } = useLang();
  const i = lang === 'vi' ? 0 : 1;
  return (
    <Typography.Text type="secondary">
      {t(
        `Biểu quyết hợp lệ khi có ${RULE_NAMES[rules.quorum][i]} trong ${votingMembers} thành viên biểu quyết có mặt (ít nhất ${needed(rules.quorum, votingMembers)}); được thông qua khi ${RULE_NAMES[rules.threshold][i]} số thành viên có mặt tán thành.`,
        `A vote counts when ${RULE_NAMES[rules.quorum][i]} of the ${votingMembers} voting members are present (at least ${needed(rules.quorum, votingMembers)}); it carries when ${RULE_NAMES[rules.threshold][i]} of those present vote for.`,
      )}
    </Typography.Text>
  );
}

/** The three counts as form items named votesFor, votesAgainst, votesAbstain (of the enclosing Form). */
export function VoteFields({ max }: { max: number }) {
  const { t } = useLang();
  const field = (name: keyof Votes, vi: string, en: string) => (
    <Form.Item name={name} label={t(vi, en)} rules={[{ required: true, message: t('Nhập số phiếu', 'Enter a count') }]}>
      <InputNumber min={0} max={max} precision={0} style={{ width: 96 }} />
    </Form.Item>
  );
  return (
    <Space wrap size={12} style={{ alignItems: 'flex-start' }}>
      {field('votesFor', 'Tán thành', 'For')}
      {field('votesAgainst', 'Không tán thành', 'Against')}
      {field('votesAbstain', 'Không biểu quyết', 'Abstain')}
    </Space>
  );
}

export function votesText(v: Votes | null, lang: 'vi' | 'en'): string {
  if (!v) {
    return lang === 'vi' ? 'không ghi' : 'not recorded';
  }
  return lang === 'vi'
    ? `${v.votesFor} tán thành, ${v.votesAgainst} không, ${v.votesAbstain} không biểu quyết`
    : `${v.votesFor} for, ${v.votesAgainst} against, ${v.votesAbstain} abstain`;
}
