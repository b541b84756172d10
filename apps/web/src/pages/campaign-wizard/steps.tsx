/** The wizard's larger steps: the unit groups, reminders with classes and the council, and the review. */
import {
  Alert,
  Grid,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
  type FormInstance,
} from 'antd';
import type { CSSProperties } from 'react';
import type { Schemas } from '../../api/client';
import { errorText } from '../../components/states';
import { useLang } from '../../lib/i18n';
import { PHASE_KEYS } from '../../lib/phase-order';
import {
  PHASE_FIELD_LABELS,
  QUORUM_LABELS,
  STEP_REVIEW,
  type CriteriaSet,
  type SuggestedArea,
  type FieldProblem,
  type GroupValues,
  type Organisation,
  type WizardValues,
} from './model';

/** What the steps read from the page. */
export interface WizardContext {
  form: FormInstance<WizardValues>;
  values: WizardValues | undefined;
  initialGroups: GroupValues[];
  /** The content areas of the chosen sets (the routing step's). */
  areas: SuggestedArea[];
  organisations: Organisation[];
  sets: CriteriaSet[];
  groupsOfUnits: { key: string; units: Organisation[] }[];
  unitName: Map<string, string>;
  setLabel: (s: CriteriaSet) => string;
  users: Schemas['UserDto'][];
  userName: Map<number, string>;
  members: number[] | undefined;
  problems: FieldProblem[];
  error: unknown;
}

interface StepProps {
  ctx: WizardContext;
  style: CSSProperties;
}

function useRequired() {
  const { t } = useLang();
  return (vi: string, en: string) => ({ required: true, message: t(vi, en) });
}

export function GroupsStep({ ctx, style }: StepProps) {
  const { t } = useLang();
  const required = useRequired();
  const { form, values, sets, groupsOfUnits, unitName, setLabel } = ctx;
  return (
    <div style={style} data-testid="wizard-step-1">
      {(values?.groups ?? ctx.initialGroups ?? []).length === 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t(
            'Chưa có đơn vị nào thuộc một nhóm đơn vị. Thêm đơn vị ở màn hình "Đơn vị và cơ quan" rồi quay lại.',
            'No unit belongs to a unit group yet. Add units under "Organisations and units", then come back.',
          )}
        />
      ) : null}
      <Form.List name="groups">
        {(fields) =>
          fields.map((field) => {
            const key = form.getFieldValue(['groups', field.name, 'key']) as string;
            const units = groupsOfUnits.find((g) => g.key === key)?.units ?? [];
            const chosen = values?.groups?.[field.name]?.units ?? [];
            return (
              <Card key={field.key} size="small" style={{ marginBottom: 16 }} data-testid={`wizard-group-${key}`}>
                <Form.Item
                  name={[field.name, 'name']}
                  label={t('Tên nhóm đơn vị', 'Group name')}
                  rules={[required('Nhập tên nhóm, ví dụ "Các cơ quan chuyên môn".', 'Enter the group name.')]}
                >
                  <Input placeholder={t('Các cơ quan chuyên môn', 'Specialised agencies')} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'criteriaSetId']}
                  label={t('Bộ tiêu chí', 'Criteria set')}
                  rules={[
                    required('Chọn bộ tiêu chí; nếu chưa có, nhập ở màn hình "Bộ tiêu chí".', 'Choose a criteria set.'),
                  ]}
                >
                  <Select
                    options={sets.map((s) => ({ value: s.id, label: setLabel(s) }))}
                    showSearch={{ optionFilterProp: 'label' }}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'table']}
                  label={t('Số bảng xếp hạng (Bảng …)', 'Ranking table number')}
                  rules={[required('Nhập số bảng.', 'Enter the table number.')]}
                >
                  <InputNumber min={1} max={99} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'units']}
                  label={t(`Đơn vị (${chosen.length}/${units.length})`, `Units (${chosen.length}/${units.length})`)}
                  rules={[
                    {
                      type: 'array',
                      min: 1,
                      message: t('Chọn ít nhất một đơn vị cho nhóm.', 'Choose at least one unit.'),
                    },
                  ]}
                >
                  <Select
                    mode="multiple"
                    maxTagCount="responsive"
                    options={units.map((u) => ({ value: u.code, label: u.shortName ?? u.name }))}
                    showSearch={{ optionFilterProp: 'label' }}
                  />
                </Form.Item>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  {chosen.map((c) => unitName.get(c) ?? c).join('; ')}
                </Typography.Paragraph>
              </Card>
            );
          })
        }
      </Form.List>
    </div>
  );
}

export function SettingsStep({ ctx, style }: StepProps) {
  const { t } = useLang();
  const required = useRequired();
  const { form, users, userName, members } = ctx;
  return (
    <div style={style} data-testid="wizard-step-4">
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('Nhắc việc', 'Reminders')}
      </Typography.Title>
      <Space wrap size={16} style={{ width: '100%' }}>
        <Form.Item name={['reminders', 'enabled']} label={t('Gửi nhắc việc', 'Send reminders')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name={['reminders', 'daysBefore']} label={t('Số ngày trước hạn', 'Days before the deadline')}>
          <Select
            mode="multiple"
            style={{ minWidth: 200 }}
            options={[14, 10, 7, 5, 3, 2, 1, 0].map((d) => ({ value: d, label: String(d) }))}
          />
        </Form.Item>
        <Form.Item
          name={['reminders', 'sendTime']}
          label={t('Giờ gửi (HH:mm)', 'Sending time (HH:mm)')}
          rules={[
            {
              pattern: /^([01]\d|2[0-3]):[0-5]\d$/,
              message: t('Nhập giờ dạng 08:00.', 'Enter a time such as 08:00.'),
            },
          ]}
        >
          <Input style={{ width: 100 }} />
        </Form.Item>
        <Form.Item
          name={['reminders', 'workingDaysOnly']}
          label={t('Chỉ ngày làm việc', 'Working days only')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Space>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('Xếp loại (điểm tối thiểu, %)', 'Classes (minimum, %)')}
      </Typography.Title>
      <Form.List name="classes">
        {(fields) => (
          <Space wrap size={12}>
            {fields.map((field) => (
              <Form.Item
                key={field.key}
                name={[field.name, 'min']}
                label={form.getFieldValue(['classes', field.name, 'name']) as string}
                rules={[required('Nhập mức điểm.', 'Enter the minimum.')]}
              >
                <InputNumber min={0} max={100} decimalSeparator="," style={{ width: 110 }} />
              </Form.Item>
            ))}
          </Space>
        )}
      </Form.List>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('Hội đồng thẩm định', 'Appraisal council')}
      </Typography.Title>
      <Form.Item name={['council', 'members']} label={t('Thành viên Hội đồng', 'Council members')}>
        <Select
          mode="multiple"
          options={users.filter((u) => u.active).map((u) => ({ value: u.id, label: userName.get(u.id) }))}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      <Form.Item
        name={['council', 'chair']}
        label={t('Chủ tịch Hội đồng', 'Council chair')}
        dependencies={[['council', 'members']]}
        rules={[
          {
            validator: (_: unknown, chair: number | undefined) =>
              (members?.length ?? 0) > 0 && (chair === undefined || !members?.includes(chair))
                ? Promise.reject(
                    new Error(
                      t('Chọn Chủ tịch Hội đồng trong số các thành viên.', 'Choose the chair among the members.'),
                    ),
                  )
                : Promise.resolve(),
          },
        ]}
      >
        <Select allowClear options={(members ?? []).map((id) => ({ value: id, label: userName.get(id) }))} />
      </Form.Item>
      <Form.Item
        name={['council', 'quorum']}
        label={t('Túc số biểu quyết', 'Quorum')}
        extra={t(
          'Số thành viên có mặt biểu quyết cần có để một điều chỉnh hoặc việc thông qua kết quả có hiệu lực. Thiếu túc số thì biểu quyết không được thông qua, không thay đổi điểm và được ghi vào biên bản.',
          'How many members present must vote for an adjustment or the approval to count. Without it the vote does not carry, changes nothing and is written in the minutes.',
        )}
      >
        <Radio.Group
          style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          options={(Object.keys(QUORUM_LABELS) as (keyof typeof QUORUM_LABELS)[]).map((q) => ({
            value: q,
            label: t(...QUORUM_LABELS[q]),
          }))}
        />
      </Form.Item>
    </div>
  );
}

export function ReviewStep({ ctx, style }: StepProps) {
  const { t, lang } = useLang();
  const { values, sets, setLabel, userName, problems, error, areas, organisations } = ctx;
  const orgName = new Map(organisations.map((o) => [o.code, o.name]));
  // Labels above their values on a phone: side by side, the table is wider than 390 px.
  const narrow = Grid.useBreakpoint().md === false;
  return (
    <div style={style} data-testid={`wizard-step-${STEP_REVIEW}`}>
      {values ? (
        <Descriptions column={1} size="small" bordered layout={narrow ? 'vertical' : 'horizontal'}>
          <Descriptions.Item label={t('Đợt', 'Campaign')}>
            {values.name} ({values.code}, {values.year})
          </Descriptions.Item>
          <Descriptions.Item label={t('Kế hoạch', 'Plan')}>
            {[values.planNumber, values.planDate?.format('DD/MM/YYYY')].filter(Boolean).join(t(' ngày ', ' dated '))}
          </Descriptions.Item>
          {(values.groups ?? []).map((g) => (
            <Descriptions.Item key={g.key} label={t(`Bảng ${g.table}`, `Table ${g.table}`)}>
              {g.name}: {(g.units ?? []).length} {t('đơn vị', 'units')},{' '}
              {sets.find((s) => s.id === g.criteriaSetId)
                ? setLabel(sets.find((s) => s.id === g.criteriaSetId) as CriteriaSet)
                : '—'}
            </Descriptions.Item>
          ))}
          {PHASE_KEYS.map((p) => (
            <Descriptions.Item key={p} label={t(...PHASE_FIELD_LABELS[p])}>
              {values.deadlines?.[p]?.format('DD/MM/YYYY') ?? '—'}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('Xếp loại', 'Classes')}>
            {(values.classes ?? []).map((c) => `${c.name} ≥ ${c.min}`).join('; ')}
          </Descriptions.Item>
          <Descriptions.Item label={t('Hội đồng', 'Council')}>
            {(values.council?.members ?? [])
              .map(
                (id) => `${userName.get(id) ?? id}${id === values.council?.chair ? t(' (Chủ tịch)', ' (chair)') : ''}`,
              )
              .join('; ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('Túc số biểu quyết', 'Quorum')}>
            {t(...QUORUM_LABELS[values.council?.quorum ?? 'majority'])}
          </Descriptions.Item>
          <Descriptions.Item label={t('Phân công thẩm định', 'Appraisal routing')}>
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="wizard-routing">
              {areas.map((a) => (
                <li key={a.code}>
                  {a.name}:{' '}
                  {(values.routing?.[a.code] ?? []).map((c) => orgName.get(c) ?? c).join(', ') ||
                    t('chưa chọn cơ quan', 'no organisation chosen')}
                </li>
              ))}
            </ul>
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={
            problems.length ? t('Chưa tạo được đợt đánh giá:', 'The campaign was not created:') : errorText(error, lang)
          }
          description={
            problems.length ? (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {problems.map((p, i) => (
                  <li key={i}>{lang === 'vi' ? p.messageVi : p.message}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
    </div>
  );
}
