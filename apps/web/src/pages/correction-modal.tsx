/**
 * The correction decision (đính chính) after publication: the decision, why it is issued, and the leaf scores it
 * changes. The dialog only collects; the publication page confirms, sends it as a job and follows it. The form
 * belongs to the page, so a refusal, a cancel or a failed job never loses what was typed.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  type AlertRef,
  Button,
  Col,
  DatePicker,
  Form,
  type FormInstance,
  Input,
  Modal,
  Row,
  Select,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useEffect, useRef } from 'react';
import { useLang } from '../lib/i18n';

export interface DecisionForm {
  decisionNumber: string;
  decisionDate: Dayjs;
  signerName: string;
  signerTitle: string;
}

export interface CorrectionChangeForm {
  unitId: number;
  criterionCode: string;
  points: string;
  reason: string;
}

export interface CorrectionForm extends DecisionForm {
  reason: string;
  changes?: CorrectionChangeForm[];
}

/** The published units a change may name, grouped by their table. */
export interface UnitGroupOption {
  label: string;
  options: Array<{ value: number; label: string }>;
}

/**
 * The decision's number, date, signer and title: in one line on the publication form, two columns in the correction
 * dialog (one on a phone).
 */
export function DecisionFields({ inline = false }: { inline?: boolean }) {
  const { t } = useLang();
  const items: Array<[keyof DecisionForm, string, ReactNode]> = [
    [
      'decisionNumber',
      t('Số quyết định', 'Decision no.'),
      <Input key="n" placeholder="1234/QĐ-UBND" style={inline ? { width: 160 } : undefined} />,
    ],
    [
      'decisionDate',
      t('Ngày', 'Date'),
      <DatePicker key="d" format="DD/MM/YYYY" style={inline ? undefined : { width: '100%' }} />,
    ],
    ['signerName', t('Người ký', 'Signer'), <Input key="s" style={inline ? { width: 180 } : undefined} />],
    ['signerTitle', t('Chức vụ', 'Title'), <Input key="t" style={inline ? { width: 160 } : undefined} />],
  ];
  const fields = items.map(([name, label, input]) => (
    <Form.Item key={name} name={name} label={label} rules={[{ required: true }]}>
      {input}
    </Form.Item>
  ));
  return inline ? (
    <>{fields}</>
  ) : (
    <Row gutter={12}>
      {fields.map((f) => (
        <Col key={f.key} xs={24} sm={12}>
          {f}
        </Col>
      ))}
    </Row>
  );
}

/** At least 5 characters, as the server wants a reason (checked here so nothing is sent without one). */
const MIN_REASON = 5;

export function CorrectionModal(p: {
  open: boolean;
  form: FormInstance<CorrectionForm>;
  /** The revision the correction will create. */
  nextRevision: number;
  initialValues: Partial<CorrectionForm>;
  units: UnitGroupOption[];
  sending: boolean;
  /** The server's refusal of the last attempt, in the screen's language. */
  refusal: string | undefined;
  onSubmit: (v: CorrectionForm) => void;
  onCancel: () => void;
}) {
  const { t } = useLang();
  const refusal = useRef<AlertRef>(null);
  useEffect(() => {
    // The dialog is taller than a laptop screen with a change or two: bring the refusal into view.
    refusal.current?.nativeElement.scrollIntoView({ block: 'nearest' });
  }, [p.refusal]);
  const reasonRule = (message: string) => ({ required: true, whitespace: true, min: MIN_REASON, message });
  return (
    <Modal
      open={p.open}
      width={760}
      title={
        // Clear of the close button when the title wraps (a phone).
        <span style={{ display: 'block', paddingRight: 28 }}>
          {t(`Ban hành đính chính (lần ban hành ${p.nextRevision})`, `Issue a correction (revision ${p.nextRevision})`)}
        </span>
      }
      okText={t('Ban hành đính chính', 'Issue correction')}
      cancelText={t('Hủy', 'Cancel')}
      confirmLoading={p.sending}
      onOk={() => p.form.submit()}
      onCancel={p.onCancel}
      // Rendered from the start (hidden): the form exists before the first opening, and outlives each closing.
      forceRender
      data-testid="correction-modal"
    >
      <Typography.Paragraph type="secondary">
        {t(
          'Các bảng đã công bố không sửa được: quyết định đính chính tạo lần ban hành mới từ điểm đã sửa; các lần ban hành trước vẫn xem được.',
          'Published tables cannot be edited: a correction decision creates a new revision from the corrected scores; earlier revisions stay readable.',
        )}
      </Typography.Paragraph>
      <Form<CorrectionForm>
        form={p.form}
        layout="vertical"
        initialValues={p.initialValues}
        onFinish={p.onSubmit}
        requiredMark
      >
        <DecisionFields />
        <Form.Item
          name="reason"
          label={t('Lý do đính chính', 'Reason for the correction')}
          rules={[
            reasonRule(t('Hãy ghi lý do đính chính (ít nhất 5 ký tự).', 'Give the reason (at least 5 characters).')),
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            placeholder={t('Ví dụ: Đính chính sai sót nhập điểm tiêu chí 2.1.1', 'e.g. Score entry error on 2.1.1')}
          />
        </Form.Item>
        <Typography.Text strong>{t('Thay đổi điểm (nếu có)', 'Score changes (if any)')}</Typography.Text>
        <Form.List name="changes">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <div
                  key={f.key}
                  data-testid="correction-change"
                  style={{ borderLeft: '3px solid #d9d9d9', paddingLeft: 12, margin: '8px 0 12px' }}
                >
                  <Row gutter={12} align="bottom">
                    <Col xs={24} md={12}>
                      <Form.Item
                        name={[f.name, 'unitId']}
                        label={t(`Đơn vị (thay đổi ${i + 1})`, `Unit (change ${i + 1})`)}
                        rules={[{ required: true, message: t('Hãy chọn đơn vị.', 'Choose the unit.') }]}
                      >
                        <Select
                          showSearch={{ optionFilterProp: 'label' }}
                          placeholder={t('Chọn đơn vị', 'Choose a unit')}
                          options={p.units}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item
                        name={[f.name, 'criterionCode']}
                        label={t('Mã tiêu chí', 'Criterion code')}
                        rules={[
                          { required: true, whitespace: true, message: t('Hãy ghi mã tiêu chí.', 'Give the code.') },
                          {
                            // What the api accepts as a code (CouncilScoreChangeDto); said here in words, not as a 400.
                            pattern: /^\s*[A-Za-z0-9.\-_]{1,32}\s*$/,
                            message: t(
                              'Mã tiêu chí chỉ gồm chữ không dấu, số và dấu chấm, ví dụ 1.1.1.',
                              'A code has letters, digits and dots only, e.g. 1.1.1.',
                            ),
                          },
                        ]}
                      >
                        <Input placeholder="1.1.1" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item
                        name={[f.name, 'points']}
                        label={t('Điểm mới', 'New points')}
                        rules={[
                          { required: true, whitespace: true, message: t('Hãy ghi số điểm.', 'Give the points.') },
                        ]}
                      >
                        <Input inputMode="decimal" placeholder="0,5" />
                      </Form.Item>
                    </Col>
                    <Col flex="auto">
                      <Form.Item
                        name={[f.name, 'reason']}
                        label={t('Lý do thay đổi', 'Reason for the change')}
                        rules={[
                          reasonRule(t('Hãy ghi lý do (ít nhất 5 ký tự).', 'Give the reason (at least 5 characters).')),
                        ]}
                      >
                        <Input maxLength={2000} />
                      </Form.Item>
                    </Col>
                    <Col flex="none">
                      <Form.Item>
                        <Button
                          icon={<DeleteOutlined />}
                          aria-label={t(`Bỏ thay đổi ${i + 1}`, `Remove change ${i + 1}`)}
                          onClick={() => remove(f.name)}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block style={{ margin: '8px 0' }}>
                {t('Thêm thay đổi điểm', 'Add a score change')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      {p.refusal ? (
        // Next to the button pressed, and the form above it untouched: correct what it names and send again.
        <Alert
          ref={refusal}
          type="error"
          showIcon
          role="alert"
          data-testid="correction-refusal"
          title={t('Chưa ban hành được đính chính', 'The correction was not issued')}
          description={p.refusal}
        />
      ) : null}
    </Modal>
  );
}
