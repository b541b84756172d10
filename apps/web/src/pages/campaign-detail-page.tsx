/** Secretariat: one campaign — phase timeline, deadlines with extensions (gia hạn, audited) and early closing. */
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { PhaseTimeline } from '../components/phase-timeline';
import { ErrorState, errorText, Loading } from '../components/states';
import { formatClosed, formatCountdown, formatDateTime, formatDeadline, formatTimeZone } from '../lib/format';
import { label, PHASE_LABELS, SHEET_STATUS, useLang } from '../lib/i18n';

const SHEET_STATUS_LABELS: Record<string, [string, string]> = Object.fromEntries(
  Object.entries(SHEET_STATUS).map(([k, [vi, en]]) => [k, [vi, en]]),
);
import { useAsync } from '../lib/use-async';
import { NotApplicableCard } from './not-applicable-card';

type Deadline = Schemas['CampaignDeadlineView'];
type CampaignUnit = Schemas['CampaignUnitView'];
type Phase = Deadline['phase'];

export default function CampaignDetailPage() {
  const id = Number(useParams().id);
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const campaign = useAsync(() => call(api.GET('/api/campaigns/{id}', { params: { path: { id } } })), [id]);
  const units = useAsync(() => call(api.GET('/api/campaigns/{id}/units', { params: { path: { id } } })), [id]);
  const [extending, setExtending] = useState<Deadline>();
  const [extendingUnit, setExtendingUnit] = useState<CampaignUnit>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<{ day: Dayjs; reason: string }>();
  // A phone: the units table keeps its content widths and scrolls inside its card.
  const phone = Grid.useBreakpoint().md === false;

  if (campaign.loading && !campaign.data) {
    return <Loading />;
  }
  if (campaign.error || !campaign.data) {
    return <ErrorState error={campaign.error} onRetry={campaign.reload} />;
  }
  const c = campaign.data;

  const extend = async (v: { day: Dayjs; reason: string }) => {
    if (extendingUnit) {
      return extendUnit(extendingUnit, v);
    }
    if (!extending) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.PUT('/api/admin/campaigns/{id}/deadlines/{phase}', {
          params: { path: { id, phase: extending.phase } },
          body: { dueAt: `${v.day.add(1, 'day').format('YYYY-MM-DD')}T00:00:00+07:00`, reason: v.reason },
        }),
      );
      void message.success(
        t('Đã gia hạn; thông báo và nhắc việc được lập lại.', 'Deadline changed; reminders are rescheduled.'),
      );
      setExtending(undefined);
      campaign.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const extendUnit = async (u: CampaignUnit, v: { day: Dayjs; reason: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.POST('/api/admin/sheets/{id}/extension', {
          params: { path: { id: u.sheetId } },
          body: { dueAt: `${v.day.add(1, 'day').format('YYYY-MM-DD')}T00:00:00+07:00`, reason: v.reason },
        }),
      );
      void message.success(t(`Đã gia hạn cho ${u.unitName}.`, `Deadline extended for ${u.unitName}.`));
      setExtendingUnit(undefined);
      units.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const close = async (phase: Phase) => {
    try {
      await call(api.POST('/api/admin/campaigns/{id}/phases/{phase}/close', { params: { path: { id, phase } } }));
      void message.success(t('Đã kết thúc giai đoạn.', 'Phase closed.'));
      campaign.reload();
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
          <Typography.Title level={1} style={{ margin: 0 }}>
            {c.name}
          </Typography.Title>
          <Link to="/campaigns">{t('← Tất cả các đợt', '← All campaigns')}</Link>
        </Space>
        {/* Four to a row only from 1200 px: at 1024 beside the menu the year broke as "20/23" and the code mid-word. */}
        <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 4 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('Mã', 'Code')}>{c.code}</Descriptions.Item>
          <Descriptions.Item label={t('Năm đánh giá', 'Index year')}>{c.year}</Descriptions.Item>
          <Descriptions.Item label={t('Múi giờ', 'Time zone')}>{formatTimeZone(c.timezone, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('Giai đoạn', 'Phase')}>
            <Tag color="geekblue">{label(PHASE_LABELS, c.state, lang)}</Tag>
          </Descriptions.Item>
        </Descriptions>
        <div style={{ marginTop: 12 }}>
          <PhaseTimeline campaign={c} />
        </div>
      </Card>
      <Card title={t('Thời hạn và gia hạn', 'Deadlines and extensions')}>
        <Table<Deadline>
          rowKey="phase"
          size="small"
          pagination={false}
          // Fits the card at 1024 beside the menu (the columns wrap; before, one line per cell pushed the phase and
          // the actions out of sight); a phone scrolls inside the card.
          scroll={{ x: 640 }}
          dataSource={c.deadlines}
          columns={[
            { title: t('Giai đoạn', 'Phase'), dataIndex: 'phase', render: (p: string) => label(PHASE_LABELS, p, lang) },
            {
              // The last day, and under it the instant it locks (one column: two took 250 px at 1024).
              title: t('Ngày cuối', 'Last day'),
              dataIndex: 'dueAt',
              render: (d: string) => (
                <>
                  <div>{formatDeadline(d)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                    {t('khóa lúc', 'locks at')} {formatDateTime(d)}
                  </Typography.Text>
                </>
              ),
            },
            { title: t('Lần điều chỉnh', 'Revision'), dataIndex: 'generation', width: 96 },
            {
              title: t('Còn lại', 'Time left'),
              key: 'left',
              render: (_: unknown, d: Deadline) =>
                d.closed ? (
                  <Tag data-testid={`closed-${d.phase}`}>{formatClosed(d, lang)}</Tag>
                ) : (
                  <Tag color={d.secondsLeft < 3 * 86400 ? 'red' : 'green'}>{formatCountdown(d.secondsLeft, lang)}</Tag>
                ),
            },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, d: Deadline) => (
                <Space wrap size={[8, 4]}>
                  {/* The gate reopens a phase in progress by extension; one that has ended stays ended. */}
                  {!d.closed || (d.closedBy === 'deadline' && c.state === d.phase) ? (
                    <Button
                      size="small"
                      onClick={() => {
                        setError(undefined);
                        form.setFieldsValue({ day: dayjs(Date.parse(d.dueAt) - 1).add(7, 'day'), reason: '' });
                        setExtending(d);
                      }}
                    >
                      {t('Gia hạn', 'Extend')}
                    </Button>
                  ) : null}
                  {!d.closed && c.state === d.phase ? (
                    <Popconfirm
                      title={t('Kết thúc giai đoạn này ngay bây giờ?', 'Close this phase now?')}
                      okText={t('Kết thúc', 'Close')}
                      cancelText={t('Hủy', 'Cancel')}
                      onConfirm={() => void close(d.phase)}
                    >
                      <Button size="small" danger>
                        {t('Kết thúc sớm', 'Close early')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('Đơn vị tham gia', 'Units in this campaign')} data-testid="campaign-units">
        {units.loading && !units.data ? (
          <Loading />
        ) : units.error ? (
          <ErrorState error={units.error} onRetry={units.reload} />
        ) : (
          <Table<CampaignUnit>
            rowKey="unitId"
            size="small"
            pagination={false}
            // From a tablet up the columns share the card's width and wrap (the group under the unit, the
            // submission under the sheet's state): at 1024 px beside the menu the table scrolled sideways inside
            // its card with the criteria set cut off.
            scroll={{ x: phone ? 'max-content' : undefined, y: 480 }}
            dataSource={units.data ?? []}
            columns={[
              {
                title: t('Đơn vị', 'Unit'),
                dataIndex: 'unitName',
                // The group's filter sits on the unit column, which names the group under each unit.
                filters: [...new Map((units.data ?? []).map((u) => [u.unitGroup, u.unitGroupName])).entries()].map(
                  ([value, text]) => ({ text, value }),
                ),
                onFilter: (v, u) => u.unitGroup === v,
                render: (name: string, u: CampaignUnit) => (
                  <>
                    <div>{name}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {u.unitGroupName}
                    </Typography.Text>
                  </>
                ),
              },
              {
                title: t('Bộ tiêu chí', 'Criteria set'),
                key: 'set',
                render: (_: unknown, u: CampaignUnit) => (
                  <Tooltip title={u.criteriaSetCode}>
                    {u.criteriaSetTitle} ({t('phiên bản', 'version')} {u.criteriaSetVersion})
                  </Tooltip>
                ),
              },
              {
                title: t('Biểu', 'Sheet'),
                dataIndex: 'sheetState',
                width: 128,
                render: (s: string, u: CampaignUnit) => (
                  <>
                    <Tag color={SHEET_STATUS[s]?.[2]} style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
                      {label(SHEET_STATUS_LABELS, s, lang)}
                    </Tag>
                    {u.submittedAt ? (
                      <div style={{ fontSize: 12 }}>
                        {t('nộp', 'submitted')} {formatDateTime(u.submittedAt)}
                      </div>
                    ) : null}
                  </>
                ),
              },
              {
                title: t('Hạn đang áp dụng', 'Deadline in force'),
                key: 'deadline',
                width: 150,
                render: (_: unknown, u: CampaignUnit) => (
                  <Space size={4} wrap>
                    {formatDeadline(u.deadline.dueAt)}
                    {u.deadline.extended ? <Tag color="purple">{t('gia hạn', 'extended')}</Tag> : null}
                    {u.deadline.closed ? (
                      <Tag>
                        {u.deadline.closedBy === 'closedEarly' ? t('khóa sớm', 'closed early') : t('đã khóa', 'locked')}
                      </Tag>
                    ) : null}
                  </Space>
                ),
              },
              {
                title: '',
                key: 'extend',
                width: 96,
                render: (_: unknown, u: CampaignUnit) =>
                  u.sheetState === 'draft' || u.sheetState === 'locked' ? (
                    <Button
                      size="small"
                      onClick={() => {
                        setError(undefined);
                        form.setFieldsValue({
                          day: dayjs(Date.parse(u.deadline.dueAt) - 1).add(7, 'day'),
                          reason: '',
                        });
                        setExtendingUnit(u);
                      }}
                    >
                      {t('Gia hạn', 'Extend')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>
      {units.data ? <NotApplicableCard campaignId={id} units={units.data} /> : null}
      <Modal
        open={!!extending || !!extendingUnit}
        title={`${t('Gia hạn', 'Extend')}: ${extendingUnit ? extendingUnit.unitName : label(PHASE_LABELS, extending?.phase, lang)}`}
        okText={t('Lưu gia hạn', 'Save')}
        cancelText={t('Hủy', 'Cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => {
          setExtending(undefined);
          setExtendingUnit(undefined);
        }}
      >
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" onFinish={(v) => void extend(v)}>
          <Form.Item
            name="day"
            label={t('Ngày cuối mới (hết ngày, giờ Việt Nam)', 'New last day (end of day, Vietnam time)')}
            rules={[{ required: true }]}
          >
            <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('Lý do (ghi vào nhật ký)', 'Reason (kept in the audit log)')}
            rules={[{ required: true, message: t('Nhập lý do gia hạn', 'Give a reason') }]}
          >
            <Input.TextArea rows={2} placeholder={t('Gia hạn theo Công văn số …/UBND', 'Per letter no. …')} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
