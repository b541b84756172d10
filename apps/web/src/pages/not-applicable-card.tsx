/**
 * The secretariat marks a criterion not applicable to one unit of a campaign, with the reason the law asks for,
 * and takes a mark back. Such a leaf is not scored and leaves the unit's maximum (index = achieved ÷ applicable
 * max × 100), so the mark belongs before the unit submits: the api refuses it once the self-assessment has locked,
 * and the refusal stays in the dialog with the typed reason.
 */
import { App, Button, Card, Form, Grid, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { FormModal, RecordCards } from '../components/record-cards';
import { EmptyState, ErrorState, errorText } from '../components/states';
import { formatDateTime, plainText } from '../lib/format';
import { label, SHEET_STATUS, useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

type CampaignUnit = Schemas['CampaignUnitView'];
type Mark = Schemas['CampaignNotApplicableMarkView'];
type CriteriaSet = Schemas['CriteriaSetDetailView'];

interface Row extends Mark {
  /** RecordCards' keys: a running number, the criterion code, the unit's name. */
  id: number;
  name: string;
  unit: CampaignUnit | undefined;
  title: string;
}

const SHEET_STATUS_LABELS: Record<string, [string, string]> = Object.fromEntries(
  Object.entries(SHEET_STATUS).map(([k, [vi, en]]) => [k, [vi, en]]),
);

export function NotApplicableCard({ campaignId, units }: { campaignId: number; units: CampaignUnit[] }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const narrow = Grid.useBreakpoint().md === false;
  const marks = useAsync(
    () => call(api.GET('/api/admin/campaigns/{id}/not-applicable', { params: { path: { id: campaignId } } })),
    [campaignId],
  );
  // The campaign's sets (one per unit group, two or three): the codes are shown with their titles.
  const setIds = [...new Set(units.map((u) => u.criteriaSetId))].sort((a, b) => a - b);
  const sets = useAsync(
    async () =>
      new Map<number, CriteriaSet>(
        await Promise.all(
          setIds.map(
            async (id) =>
              [id, await call(api.GET('/api/admin/criteria-sets/{id}', { params: { path: { id } } }))] as const,
          ),
        ),
      ),
    [setIds.join(',')],
  );
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<{ unitId: number; code: string; reason: string }>();
  const chosenUnitId = Form.useWatch('unitId', form);

  const unitById = useMemo(() => new Map(units.map((u) => [u.unitId, u])), [units]);
  const titleOf = (unit: CampaignUnit | undefined, code: string) =>
    sets.data
      ?.get(unit?.criteriaSetId ?? 0)
      ?.nodes.find((n) => n.code === code)
      ?.title.trim() ?? '';
  const rows: Row[] = (marks.data ?? []).map((m, i) => {
    const unit = unitById.get(m.unitId);
    return { ...m, id: i, name: unit?.unitName ?? String(m.unitId), unit, title: titleOf(unit, m.code) };
  });

  // Units grouped by their unit group, searched without accents ("xa an" finds "Xã An Lư").
  const unitOptions = [...new Map(units.map((u) => [u.unitGroup, u.unitGroupName])).entries()].map(([group, name]) => ({
    label: name,
    title: name,
    options: units
      .filter((u) => u.unitGroup === group)
      .map((u) => ({
        value: u.unitId,
        label: u.unitName,
        search: plainText(`${u.unitName} ${u.unitCode}`),
      })),
  }));
  const chosen = chosenUnitId ? unitById.get(chosenUnitId) : undefined;
  const chosenSet = chosen ? sets.data?.get(chosen.criteriaSetId) : undefined;
  const taken = new Set(rows.filter((r) => r.unitId === chosenUnitId).map((r) => r.code));
  // Only scored leaves can be marked (the api refuses a branch): grouped under their field.
  const criterionOptions = (chosenSet?.nodes ?? [])
    .filter((n) => n.depth === 1)
    .map((field) => ({
      label: `${field.code}. ${field.title.trim()}`,
      title: field.title,
      options: chosenSet!.nodes
        .filter((n) => n.leaf && (n.code === field.code || n.code.startsWith(`${field.code}.`)))
        .map((n) => ({
          value: n.code,
          label: `${n.code} ${n.title.trim()} (${n.maxPoints} ${t('điểm', 'points')})`,
          disabled: taken.has(n.code),
          search: plainText(`${n.code} ${n.title}`),
        })),
    }))
    .filter((g) => g.options.length > 0);

  const save = async (v: { unitId: number; code: string; reason: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.PUT('/api/admin/campaigns/{id}/units/{unitId}/not-applicable/{code}', {
          params: { path: { id: campaignId, unitId: v.unitId, code: v.code } },
          body: { reason: v.reason },
        }),
      );
      void message.success(
        t(
          `Đã đánh dấu tiêu chí ${v.code} không áp dụng cho ${unitById.get(v.unitId)?.unitName ?? ''}.`,
          `Criterion ${v.code} no longer applies to ${unitById.get(v.unitId)?.unitName ?? ''}.`,
        ),
      );
      setOpen(false);
      marks.reload();
    } catch (e) {
      // The dialog stays open with everything typed; the refusal says what to do next.
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (r: Row) => {
    try {
      await call(
        api.DELETE('/api/admin/campaigns/{id}/units/{unitId}/not-applicable/{code}', {
          params: { path: { id: campaignId, unitId: r.unitId, code: r.code } },
        }),
      );
      void message.success(
        t(`Tiêu chí ${r.code} lại áp dụng cho ${r.name}.`, `Criterion ${r.code} applies to ${r.name} again.`),
      );
      marks.reload();
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };

  const removeButton = (r: Row) => (
    <Popconfirm
      title={t(`Tiêu chí ${r.code} lại áp dụng cho ${r.name}?`, `${r.code} applies to ${r.name} again?`)}
      description={t(
        'Tiêu chí được tính lại vào điểm tối đa của đơn vị và đơn vị phải tự chấm tiêu chí này.',
        'The criterion counts in the unit’s maximum again and the unit must score it.',
      )}
      okText={t('Bỏ đánh dấu', 'Remove')}
      cancelText={t('Hủy', 'Cancel')}
      onConfirm={() => void remove(r)}
    >
      <Button size="small" danger type="link" aria-label={t(`Bỏ đánh dấu ${r.code} của ${r.name}`, 'Remove')}>
        {t('Bỏ đánh dấu', 'Remove')}
      </Button>
    </Popconfirm>
  );

  const add = (
    <Button
      onClick={() => {
        setError(undefined);
        form.resetFields();
        setOpen(true);
      }}
      block={narrow}
    >
      {t('Đánh dấu không áp dụng…', 'Mark not applicable…')}
    </Button>
  );

  return (
    <Card
      title={t('Tiêu chí không áp dụng', 'Criteria not applicable')}
      extra={narrow ? null : add}
      data-testid="not-applicable"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t(
            'Tiêu chí không áp dụng cho một đơn vị không được chấm và được trừ khỏi điểm tối đa của đơn vị: chỉ số = điểm đạt ÷ điểm tối đa được áp dụng × 100. Đánh dấu trước khi đơn vị nộp biểu tự đánh giá.',
            'A criterion that does not apply to a unit is not scored and leaves its maximum: index = achieved ÷ applicable maximum × 100. Mark it before the unit submits its self-assessment.',
          )}
        </Typography.Paragraph>
        {narrow ? add : null}
        {marks.error ? <ErrorState error={marks.error} onRetry={marks.reload} /> : null}
        {narrow ? (
          <RecordCards<Row>
            testId="not-applicable-cards"
            items={rows}
            loading={marks.loading}
            empty={t('Chưa có tiêu chí nào được đánh dấu không áp dụng.', 'No criterion is marked not applicable.')}
            tags={(r) => <Typography.Text>{r.title}</Typography.Text>}
            actions={removeButton}
            details={(r) => (
              <>
                <Typography.Text style={{ wordBreak: 'break-word' }}>
                  {t('Lý do', 'Reason')}: {r.reason}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.unit?.unitGroupName} · {formatDateTime(r.createdAt)}
                </Typography.Text>
              </>
            )}
          />
        ) : (
          <Table<Row>
            rowKey={(r) => `${r.unitId}:${r.code}`}
            size="small"
            loading={marks.loading}
            dataSource={rows}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{
              emptyText: (
                <EmptyState
                  title={t(
                    'Chưa có tiêu chí nào được đánh dấu không áp dụng.',
                    'No criterion is marked not applicable.',
                  )}
                />
              ),
            }}
            columns={[
              {
                title: t('Đơn vị', 'Unit'),
                key: 'unit',
                width: 260,
                render: (_: unknown, r: Row) => (
                  <Space orientation="vertical" size={0}>
                    <span>{r.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.unit?.unitGroupName}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('Tiêu chí', 'Criterion'),
                key: 'criterion',
                render: (_: unknown, r: Row) => (
                  <span>
                    <Typography.Text strong>{r.code}</Typography.Text> {r.title}
                  </span>
                ),
              },
              { title: t('Lý do', 'Reason'), dataIndex: 'reason' },
              {
                title: t('Ngày đánh dấu', 'Marked'),
                dataIndex: 'createdAt',
                width: 140,
                render: (d: string) => formatDateTime(d),
              },
              { title: '', key: 'remove', width: 120, render: (_: unknown, r: Row) => removeButton(r) },
            ]}
          />
        )}
      </Space>
      <FormModal
        open={open}
        title={t('Đánh dấu tiêu chí không áp dụng', 'Mark a criterion not applicable')}
        okText={t('Đánh dấu không áp dụng', 'Mark not applicable')}
        busy={busy}
        error={error}
        errorTestId="not-applicable-error"
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
      >
        <Form form={form} layout="vertical" name="not-applicable" onFinish={(v) => void save(v)}>
          <Form.Item
            name="unitId"
            label={t('Đơn vị', 'Unit')}
            rules={[{ required: true, message: t('Chọn đơn vị.', 'Choose a unit.') }]}
          >
            <Select
              showSearch={{
                filterOption: (input, option) =>
                  !!(option as { search?: string } | undefined)?.search?.includes(plainText(input.trim())),
              }}
              placeholder={t('Gõ tên đơn vị, không cần dấu', 'Type the unit’s name')}
              options={unitOptions}
              optionRender={(o) => {
                const u = unitById.get(Number(o.value));
                return (
                  <Space size={4} wrap>
                    <span>{o.label}</span>
                    {u && u.sheetState !== 'draft' ? (
                      <Tag color={SHEET_STATUS[u.sheetState]?.[2]}>
                        {label(SHEET_STATUS_LABELS, u.sheetState, lang)}
                      </Tag>
                    ) : null}
                  </Space>
                );
              }}
              onChange={() => form.setFieldValue('code', undefined)}
            />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('Tiêu chí (trong bộ tiêu chí của nhóm đơn vị)', 'Criterion (of the unit group’s set)')}
            extra={
              chosen
                ? `${chosen.criteriaSetTitle} (${t('phiên bản', 'version')} ${chosen.criteriaSetVersion})`
                : t('Chọn đơn vị trước.', 'Choose the unit first.')
            }
            rules={[{ required: true, message: t('Chọn tiêu chí.', 'Choose a criterion.') }]}
          >
            <Select
              disabled={!chosen}
              loading={sets.loading}
              showSearch={{
                filterOption: (input, option) =>
                  !!(option as { search?: string } | undefined)?.search?.includes(plainText(input.trim())),
              }}
              placeholder={t('Gõ mã hoặc tên tiêu chí', 'Type the code or title')}
              options={criterionOptions}
              popupMatchSelectWidth={narrow ? true : 560}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('Lý do (bắt buộc, ghi vào nhật ký)', 'Reason (required, kept in the audit log)')}
            rules={[
              {
                required: true,
                whitespace: true,
                min: 3,
                message: t('Ghi lý do tiêu chí không áp dụng (ít nhất 3 ký tự).', 'Give a reason (3 characters).'),
              },
            ]}
          >
            <Input.TextArea
              rows={3}
              maxLength={2000}
              placeholder={t('Ví dụ: Xã không có hoạt động cấp phép xây dựng trong năm.', 'Why it does not apply')}
            />
          </Form.Item>
        </Form>
      </FormModal>
    </Card>
  );
}
