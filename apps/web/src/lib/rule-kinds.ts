/**
 * How people call a scoring rule's kind (libs/criteria RULE_KINDS): the key is for the file format, never for a
 * screen. An unknown kind (a newer api) shows as "Khác" rather than as its key.
 */
const RULE_KIND_LABELS: Record<string, readonly [vi: string, en: string]> = {
  levels: ['Chọn mức', 'Levels'],
  checklist: ['Theo các điều kiện', 'Checklist'],
  bands: ['Theo khoảng giá trị', 'Value bands'],
  proportional: ['Theo tỷ lệ', 'Proportional'],
  deadline: ['Theo thời hạn', 'Deadline'],
  perOccurrence: ['Trừ điểm theo số lần', 'Deduction per occurrence'],
  noOccurrenceFullMarks: ['Đủ điểm khi không có vi phạm', 'Full marks without occurrences'],
  survey: ['Điều tra xã hội học', 'Survey'],
  manual: ['Chấm trực tiếp', 'Scored directly'],
};

export function ruleKindLabel(kind: string | null | undefined, t: (vi: string, en: string) => string): string {
  if (!kind) {
    return '';
  }
  const label = RULE_KIND_LABELS[kind];
  return label ? t(label[0], label[1]) : t('Khác', 'Other');
}
