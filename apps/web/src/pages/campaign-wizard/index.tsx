/**
 * Secretariat: a new campaign in five steps (issue 15) — the plan, the unit groups, the phases' last days, reminders
 * with classes and the council, then a review that creates it through POST /api/admin/campaigns (the one door,
 * CampaignSetupService.createCampaign). Every step stays mounted (hidden, not unmounted), so going back and forth or
 * a refusal loses nothing typed; the api's 422 lists every problem with its field, shown at that field (the wizard
 * opens the first step with one) and all together on the review.
 */
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Space, Steps, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { webPath } from '@lib/web-routes';
import { api, ApiError, call } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useCampaign } from '../../lib/campaign-context';
import { formatTimeZone, TIME_ZONE } from '../../lib/format';
import { useLang } from '../../lib/i18n';
import { PHASE_KEYS, phaseOrderProblems, type PhaseKey } from '../../lib/phase-order';
import { useAsync } from '../../lib/use-async';
import {
  DEFAULT_CLASSES,
  latestSetFor,
  namePath,
  PHASE_FIELD_LABELS,
  problemsOf,
  stepOfField,
  nextYearValues,
  STEP_REVIEW,
  STEP_ROUTING,
  toDefinition,
  type SuggestedArea,
  type Carried,
  unitGroupsOf,
  type CriteriaSet,
  type WizardValues,
} from './model';
import { RoutingStep } from './routing-step';
import { GroupsStep, ReviewStep, SettingsStep, type WizardContext } from './steps';

export default function CampaignWizardPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const from = useSearchParams()[0].get('from');
  const { campaigns } = useCampaign();
  const [form] = Form.useForm<WizardValues>();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  // The routing step's areas, asked of the api for the sets chosen each time the groups step is left.
  const [areas, setAreas] = useState<SuggestedArea[]>();
  const [areasLoading, setAreasLoading] = useState(false);
  const [areasError, setAreasError] = useState<unknown>();

  const parties = useAsync(
    () =>
      Promise.all([
        call(api.GET('/api/admin/organisations')),
        call(api.GET('/api/admin/criteria-sets')),
        call(api.GET('/api/admin/users', { params: { query: { page: 1, pageSize: 200 } } })),
        call(api.GET('/api/admin/unit-groups')),
        // "Sao chép từ năm trước": the campaign copied, as its definition.
        from
          ? call(api.GET('/api/admin/campaigns/{id}/definition', { params: { path: { id: Number(from) } } }))
          : Promise.resolve(undefined),
      ]),
    [from],
  );
  const [organisations, sets, users, unitGroups, source] = parties.data ?? [[], [], { items: [] }, [], undefined];
  const carried: Carried | undefined = source
    ? { scoring: source.scoring, conflictOfInterest: source.conflictOfInterest }
    : undefined;
  const groupsOfUnits = useMemo(() => unitGroupsOf(organisations), [organisations]);
  const secretariat = organisations.find((o) => o.kind === 'secretariat');

  const initialValues = useMemo<Partial<WizardValues>>(() => {
    if (source) {
      return nextYearValues(source, organisations);
    }
    const year = dayjs().year() + 1;
    return {
      year,
      name: `Xác định Chỉ số cải cách hành chính năm ${year}`,
      code: `cchc-${year}`,
      groups: groupsOfUnits.map((g, i) => ({
        key: g.key,
        // The name the authority gave the group ("Nhóm đơn vị" on the organisations page); the plan may word it anew.
        name: unitGroups.find((u) => u.key === g.key && u.named)?.name ?? '',
        criteriaSetId: latestSetFor(sets, g.key)?.id,
        table: i + 1,
        units: g.units.map((u) => u.code),
      })),
      routing: {},
      deadlines: {},
      reminders: { enabled: true, daysBefore: [7, 3, 1], sendTime: '08:00', workingDaysOnly: true },
      classes: DEFAULT_CLASSES,
      council: { members: [], quorum: 'majority' },
    };
  }, [groupsOfUnits, sets, source, organisations, unitGroups]);

  // `preserve`: every value, also those without a field of their own (a class's name and key).
  const values = Form.useWatch([], { form, preserve: true }) as WizardValues | undefined;
  const members = Form.useWatch(['council', 'members'], form) as number[] | undefined;

  if (parties.loading && !parties.data) {
    return <Loading />;
  }
  if (parties.error) {
    return <ErrorState error={parties.error} onRetry={parties.reload} />;
  }

  const unitName = new Map(organisations.map((o) => [o.code, o.shortName ?? o.name]));
  const userName = new Map(users.items.map((u) => [u.id, `${u.fullName} (${u.organisationName})`]));
  // Sheets are often titled alike ("Phụ lục"): the key the secretariat gave each set tells them apart.
  const setLabel = (s: CriteriaSet) => `${s.title} (${s.code}) — ${t('phiên bản', 'version')} ${s.version}`;

  /** The fields a step owns, validated before moving on. */
  const stepFields: Record<number, (string | number)[][]> = {
    0: [['year'], ['name'], ['code'], ['planNumber'], ['planDate']],
    1: (values?.groups ?? []).flatMap((_, i) => [
      ['groups', i, 'name'],
      ['groups', i, 'criteriaSetId'],
      ['groups', i, 'table'],
      ['groups', i, 'units'],
    ]),
    [STEP_ROUTING]: (areas ?? []).map((a) => ['routing', a.code]),
    3: PHASE_KEYS.map((p) => ['deadlines', p]),
    4: [
      ['reminders', 'daysBefore'],
      ['reminders', 'sendTime'],
      ['council', 'members'],
      ['council', 'chair'],
    ],
  };

  /**
   * The suggestion for the sets now chosen; an organisation already chosen for an area (by the person, or last
   * year's on a copy) is kept, an area seen for the first time gets the suggestion.
   */
  const loadAreas = async () => {
    const ids = (form.getFieldValue('groups') as WizardValues['groups'] | undefined)
      ?.map((g) => g.criteriaSetId)
      .filter((id): id is number => typeof id === 'number');
    if (!ids?.length) {
      return;
    }
    setAreasLoading(true);
    setAreasError(undefined);
    try {
      const found = await call(
        api.POST('/api/admin/campaigns/routing-suggestion', { body: { criteriaSetIds: [...new Set(ids)] } }),
      );
      const chosen = (form.getFieldValue('routing') ?? {}) as WizardValues['routing'];
      form.setFieldValue(
        'routing',
        Object.fromEntries(found.map((a) => [a.code, chosen[a.code]?.length ? chosen[a.code] : a.appraisers])),
      );
      setAreas(found);
    } catch (e) {
      setAreasError(e);
    } finally {
      setAreasLoading(false);
    }
  };

  const next = async () => {
    try {
      await form.validateFields(stepFields[step] ?? []);
      if (step === STEP_ROUTING - 1) {
        void loadAreas();
      }
      setStep(step + 1);
    } catch {
      // The fields show what to fix.
    }
  };

  const create = async () => {
    const v = form.getFieldsValue(true) as WizardValues;
    setBusy(true);
    setError(undefined);
    try {
      const created = await call(
        api.POST('/api/admin/campaigns', {
          body: { definition: toDefinition(v, secretariat?.code ?? '', areas ?? [], carried), open: true },
        }),
      );
      void message.success(
        t(`Đã tạo đợt đánh giá với ${created.sheets} đơn vị.`, `Campaign created with ${created.sheets} units.`),
      );
      campaigns.reload();
      void navigate(webPath('campaigns', {}));
    } catch (e) {
      setError(e);
      const problems = problemsOf(e);
      if (e instanceof ApiError && e.code === 'CAMPAIGN_EXISTS') {
        problems.push({ field: 'code', message: e.messageEn, messageVi: e.messageVi });
      }
      const located = problems.filter((p) => p.field && stepOfField(p.field) < STEP_REVIEW);
      form.setFields(
        located.map((p) => ({
          // The api's field path is only known at run time; the form finds the field by it.
          name: namePath(p.field as string) as never,
          errors: [lang === 'vi' ? p.messageVi : p.message],
        })),
      );
      if (located.length) {
        setStep(Math.min(...located.map((p) => stepOfField(p.field as string))));
      }
    } finally {
      setBusy(false);
    }
  };

  const orderRule = (phase: PhaseKey) => ({
    validator: (_: unknown, day: Dayjs | null | undefined) => {
      const lastDays = (form.getFieldValue('deadlines') ?? {}) as WizardValues['deadlines'];
      const problem = day ? phaseOrderProblems(lastDays, lang)[phase] : undefined;
      return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
    },
  });

  const required = (vi: string, en: string) => ({ required: true, message: t(vi, en) });
  const problems = problemsOf(error);
  const steps = [
    t('Kế hoạch', 'Plan'),
    t('Nhóm đơn vị', 'Unit groups'),
    t('Phân công thẩm định', 'Appraisal routing'),
    t('Các giai đoạn', 'Phases'),
    t('Nhắc việc, xếp loại, hội đồng', 'Reminders, classes, council'),
    t('Xem lại và tạo', 'Review and create'),
  ];
  const shown = (i: number) => ({ display: step === i ? undefined : 'none' });
  const ctx: WizardContext = {
    form,
    values,
    initialGroups: initialValues.groups ?? [],
    areas: areas ?? [],
    organisations,
    sets,
    groupsOfUnits,
    unitName,
    setLabel,
    users: users.items,
    userName,
    members,
    problems,
    error,
  };

  return (
    <Card
      title={
        <Typography.Title level={1} style={{ margin: 0, whiteSpace: 'normal' }}>
          {source
            ? t(`Tạo đợt đánh giá — sao chép từ năm ${source.year}`, `New campaign — a copy of ${source.year}`)
            : t('Tạo đợt đánh giá', 'New campaign')}
        </Typography.Title>
      }
    >
      <Steps
        current={step}
        size="small"
        responsive
        style={{ marginBottom: 24 }}
        items={steps.map((title, i) => ({ title, status: i === step ? 'process' : i < step ? 'finish' : 'wait' }))}
        onChange={(i) => (i < step ? setStep(i) : undefined)}
      />
      <Form<WizardValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        preserve
        // Keeps every field's value when a step is hidden, and re-checks the phase order as each day changes.
        onValuesChange={(changed: Partial<WizardValues>) => {
          if (changed.deadlines) {
            void form.validateFields(PHASE_KEYS.map((p) => ['deadlines', p])).catch(() => undefined);
          }
        }}
        style={{ maxWidth: 760 }}
      >
        <div style={shown(0)} data-testid="wizard-step-0">
          <Form.Item name="year" label={t('Năm đánh giá', 'Year')} rules={[required('Nhập năm.', 'Enter the year.')]}>
            <InputNumber min={2000} max={2200} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('Tên đợt đánh giá', 'Campaign name')}
            rules={[required('Nhập tên đợt đánh giá.', 'Enter the name.')]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('Mã đợt (chữ thường không dấu, số, gạch ngang)', 'Code (lower-case letters, digits, dashes)')}
            rules={[
              required('Nhập mã đợt.', 'Enter the code.'),
              {
                pattern: /^[a-z0-9][a-z0-9-]{0,63}$/,
                message: t(
                  'Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ cchc-2027.',
                  'Use lower-case letters without accents, digits and dashes, e.g. cchc-2027.',
                ),
              },
            ]}
          >
            <Input />
          </Form.Item>
          <Space wrap size={16} style={{ width: '100%' }}>
            <Form.Item name="planNumber" label={t('Kế hoạch số', 'Plan number')}>
              <Input placeholder="2439/KH-UBND" style={{ minWidth: 220 }} />
            </Form.Item>
            <Form.Item name="planDate" label={t('ngày', 'dated')}>
              <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" />
            </Form.Item>
          </Space>
        </div>

        <GroupsStep ctx={ctx} style={shown(1)} />

        <RoutingStep
          areas={areas}
          loading={areasLoading}
          error={areasError}
          onRetry={() => void loadAreas()}
          organisations={organisations}
          style={shown(STEP_ROUTING)}
        />

        <div style={shown(3)} data-testid="wizard-step-3">
          <Typography.Paragraph type="secondary">
            {t(
              `Chọn ngày cuối của mỗi giai đoạn (hết ngày, ${formatTimeZone(TIME_ZONE, lang)}); giai đoạn sau phải kết thúc sau giai đoạn trước.`,
              `Choose each phase's last day (end of day, ${formatTimeZone(TIME_ZONE, lang)}); each phase must end after the one before.`,
            )}
          </Typography.Paragraph>
          {PHASE_KEYS.map((p) => (
            <Form.Item
              key={p}
              name={['deadlines', p]}
              label={t(...PHASE_FIELD_LABELS[p])}
              rules={[required('Chọn ngày cuối của giai đoạn.', 'Choose the last day.'), orderRule(p)]}
            >
              <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: 200 }} />
            </Form.Item>
          ))}
        </div>

        <SettingsStep ctx={ctx} style={shown(4)} />

        <ReviewStep ctx={ctx} style={shown(STEP_REVIEW)} />

        <Space wrap style={{ marginTop: 16 }}>
          {step > 0 ? <Button onClick={() => setStep(step - 1)}>{t('Quay lại', 'Back')}</Button> : null}
          {step < STEP_REVIEW ? (
            <Button type="primary" onClick={() => void next()}>
              {t('Tiếp tục', 'Next')}
            </Button>
          ) : (
            <Button type="primary" loading={busy} onClick={() => void create()}>
              {t('Tạo đợt', 'Create campaign')}
            </Button>
          )}
          <Button onClick={() => void navigate(webPath('campaigns', {}))}>{t('Hủy', 'Cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
