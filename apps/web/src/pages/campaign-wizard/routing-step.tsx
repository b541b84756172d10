/**
 * The wizard's routing step (issue 15 item 4): each content area of the chosen criteria sets → the organisations
 * that appraise it (several share one task). Prefilled from the api's suggestion — the last campaign's choice, or
 * the organisations the sheet's "Cơ quan thẩm định" names — and the names that match none or several are shown at
 * their area to fix; an area without an organisation cannot go on (its sheets would reach no inbox).
 */
import { Alert, Card, Form, Select, Space, Tag, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { ErrorState, Loading } from '../../components/states';
import { useLang } from '../../lib/i18n';
import { STEP_ROUTING, type Organisation, type SuggestedArea } from './model';

export interface RoutingStepProps {
  areas: SuggestedArea[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  organisations: Organisation[];
  style: CSSProperties;
}

export function RoutingStep({ areas, loading, error, onRetry, organisations, style }: RoutingStepProps) {
  const { t } = useLang();
  const options = organisations.map((o) => ({ value: o.code, label: o.name }));
  const sourceTag = (a: SuggestedArea) =>
    a.source === 'previous' ? (
      <Tag color="blue">{t('Như đợt trước', 'As last campaign')}</Tag>
    ) : a.source === 'sheet' && a.unresolved.length === 0 ? (
      <Tag color="green">{t('Theo tên trong bộ tiêu chí', 'From the sheet')}</Tag>
    ) : null;
  return (
    <div style={style} data-testid={`wizard-step-${STEP_ROUTING}`}>
      <Typography.Paragraph type="secondary">
        {t(
          'Mỗi nội dung thẩm định của bộ tiêu chí cần ít nhất một cơ quan thẩm định; nhiều cơ quan thì cùng chung một việc thẩm định.',
          'Each content area of the criteria sets needs at least one appraising organisation; several share one task.',
        )}
      </Typography.Paragraph>
      {error ? <ErrorState error={error} onRetry={onRetry} /> : null}
      {loading && !areas ? <Loading /> : null}
      {(areas ?? []).map((a) => (
        <Card key={a.code} size="small" style={{ marginBottom: 12 }} data-testid={`wizard-area-${a.code}`}>
          <Space wrap size={4} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{a.name}</Typography.Text>
            <Typography.Text type="secondary">
              ({a.criteria} {t('tiêu chí', 'criteria')})
            </Typography.Text>
            {sourceTag(a)}
          </Space>
          {a.unresolved.map((u) => (
            <Alert
              key={u.text}
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              // The sentence names the candidates and what to do.
              title={t(u.messageVi, u.message)}
            />
          ))}
          <Form.Item
            name={['routing', a.code]}
            label={t('Cơ quan thẩm định', 'Appraising organisations')}
            rules={[
              {
                type: 'array',
                required: true,
                min: 1,
                message: t(
                  'Chọn ít nhất một cơ quan thẩm định cho nội dung này.',
                  'Choose at least one appraising organisation.',
                ),
              },
            ]}
            style={{ marginBottom: 0 }}
          >
            <Select mode="multiple" options={options} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        </Card>
      ))}
    </div>
  );
}
