/** The facts a leaf's rule needs (level, checklist, rate, value, occurrences, missing document), per rule kind. */
import { Checkbox, Input, InputNumber, Radio, Space, Typography } from 'antd';
import { formatNumber } from '../../lib/format';
import { useLang } from '../../lib/i18n';
import type { Inputs, Row } from './sheet-model';

/** Options side by side while they fit, so short levels share a line and the row stays low. */
const OPTIONS_STYLE = { display: 'flex', flexWrap: 'wrap', columnGap: 4, rowGap: 2 } as const;

export function RuleInput({
  leaf,
  inputs,
  editable,
  onChange,
}: {
  leaf: Row;
  inputs: Inputs;
  editable: boolean;
  onChange: (patch: Inputs) => void;
}) {
  const { t } = useLang();
  const options = (leaf.rule?.options ?? []).map((o) => ({
    value: o.key,
    // Three decimals: a checklist's items are worth 0,333 and 0,334, and "0,33" would not add up to the maximum.
    label: `${o.label} (${formatNumber(o.points, 3)})`,
  }));
  switch (leaf.rule?.kind ?? 'manual') {
    case 'levels':
      // Radios, not a drop-down: every level and its points is in sight, and one key (Space or an arrow) picks it.
      return (
        <Radio.Group
          disabled={!editable}
          aria-label={`${t('Mức', 'Level')} ${leaf.code}`}
          value={inputs.level}
          onChange={(ev) => onChange({ level: ev.target.value as string })}
          options={options}
          style={OPTIONS_STYLE}
        />
      );
    case 'checklist':
      return (
        <Checkbox.Group
          disabled={!editable}
          value={inputs.met ?? []}
          onChange={(met) => onChange({ met })}
          options={options}
          style={OPTIONS_STYLE}
        />
      );
    case 'proportional':
      return (
        <Space size={4}>
          <InputNumber
            size="small"
            min={0}
            disabled={!editable}
            style={{ width: 70 }}
            aria-label={`${t('Tử số', 'Numerator')} ${leaf.code}`}
            value={inputs.numerator}
            onChange={(v) => onChange({ numerator: v ?? undefined })}
          />
          /
          <InputNumber
            size="small"
            min={0}
            disabled={!editable}
            style={{ width: 70 }}
            aria-label={`${t('Mẫu số', 'Denominator')} ${leaf.code}`}
            value={inputs.denominator}
            onChange={(v) => onChange({ denominator: v ?? undefined })}
          />
        </Space>
      );
    case 'bands':
      return (
        <Input
          size="small"
          disabled={!editable}
          placeholder={t('Giá trị', 'Value')}
          aria-label={`${t('Giá trị', 'Value')} ${leaf.code}`}
          value={inputs.value === undefined ? '' : String(inputs.value)}
          onChange={(ev) => onChange({ value: ev.target.value })}
        />
      );
    case 'noOccurrenceFullMarks': {
      // "Không phát sinh" (0) earns the maximum; once something did occur, the inner rule decides from its own
      // inputs (a rate, a level…), asked for right below in the same row.
      const otherwise = leaf.rule?.otherwise;
      const occurred = (inputs.occurrences ?? 0) > 0;
      return (
        <Space orientation="vertical" size={4}>
          <InputNumber
            size="small"
            min={0}
            disabled={!editable}
            suffix={t('lần', 'times')}
            style={{ width: 120 }}
            aria-label={`${t('Số lần', 'Occurrences')} ${leaf.code}`}
            value={inputs.occurrences}
            onChange={(v) => onChange({ occurrences: v ?? undefined })}
          />
          {occurred && otherwise ? (
            <div data-testid={`otherwise-${leaf.code}`}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('Có phát sinh — chấm theo:', 'It occurred — scored by:')}
              </Typography.Text>
              <RuleInput leaf={{ ...leaf, rule: otherwise }} inputs={inputs} editable={editable} onChange={onChange} />
            </div>
          ) : null}
        </Space>
      );
    }
    case 'perOccurrence':
      return (
        <InputNumber
          size="small"
          min={0}
          disabled={!editable}
          suffix={t('lần', 'times')}
          style={{ width: 120 }}
          aria-label={`${t('Số lần', 'Occurrences')} ${leaf.code}`}
          value={inputs.occurrences}
          onChange={(v) => onChange({ occurrences: v ?? undefined })}
        />
      );
    case 'deadline':
      return (
        <Checkbox
          disabled={!editable}
          checked={inputs.missing ?? false}
          onChange={(ev) => onChange({ missing: ev.target.checked })}
        >
          {t('Không có văn bản', 'No document')}
        </Checkbox>
      );
    case 'survey':
      return <Typography.Text type="secondary">{t('Điều tra xã hội học', 'Survey')}</Typography.Text>;
    default:
      return null;
  }
}
