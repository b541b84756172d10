/** Evidence (tài liệu kiểm chứng): verdict tags, the inline viewer, and the drag-and-drop signed-PDF upload. */
import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Tag,
  Tooltip,
  Upload,
} from 'antd';
import { useState } from 'react';
import { uploadWithProgress, type Schemas } from '../api/client';
import { formatDate } from '../lib/format';
import { useLang } from '../lib/i18n';
import { errorText } from './states';
import { VerdictPanel, VerdictTag } from './verdict-panel';

type EvidenceRef = Schemas['EvidenceRefView'];
type Evidence = Schemas['EvidenceView'];
type Verdict = EvidenceRef['verdict'];

export { VerdictTag };

/** The colour of a document's tag: green valid, grey unsigned, red invalid, orange modified after signing. */
export function verdictColor(v: Verdict): string {
  return v === 'valid'
    ? 'green'
    : v === 'unsigned'
      ? 'default'
      : v === 'invalid'
        ? 'red'
        : v === 'indeterminate'
          ? 'gold'
          : 'orange';
}

/** Small tags for a leaf's evidence; a click opens the document inline. */
export function EvidenceTags({ items, onOpen }: { items: EvidenceRef[]; onOpen: (e: EvidenceRef) => void }) {
  return (
    <Space size={[2, 2]} wrap>
      {items.map((e) => (
        <Tooltip key={e.id} title={`${e.documentType} ${e.documentNumber} · ${e.summary}`}>
          <Tag color={verdictColor(e.verdict)} style={{ cursor: 'pointer' }} onClick={() => onOpen(e)}>
            {e.documentNumber}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

/** What the task api adds to a document for the appraiser: every signature and the addresses of the file. */
type Reviewed = EvidenceRef & { viewUrl?: string; downloadUrl?: string };

/**
 * The PDF in the browser's viewer (served with CSP sandbox), with the document's reference and signature verdict.
 * A document from the task api brings every signature and its own view/download addresses; one from the sheet
 * names the signers and the earliest signing time.
 */
export function EvidenceViewer({ evidence, onClose }: { evidence: Reviewed | undefined; onClose: () => void }) {
  const { t } = useLang();
  return (
    <Drawer
      open={!!evidence}
      onClose={onClose}
      size={720}
      title={evidence ? `${evidence.documentType} ${evidence.documentNumber}` : ''}
    >
      {evidence ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('Trích yếu', 'Summary')} span={2}>
              {evidence.summary}
            </Descriptions.Item>
            <Descriptions.Item label={t('Ngày ban hành', 'Issued on')}>
              {formatDate(evidence.issuedOn)}
            </Descriptions.Item>
            <Descriptions.Item label={t('Cơ quan ban hành', 'Issued by')}>{evidence.issuingBody}</Descriptions.Item>
            <Descriptions.Item label={t('Dùng cho tiêu chí', 'Supports')} span={2}>
              {evidence.codes.join(', ')}
            </Descriptions.Item>
          </Descriptions>
          <VerdictPanel evidence={evidence} />
          <iframe
            title={evidence.filename}
            src={evidence.viewUrl ?? `/api/evidence/${evidence.id}/view`}
            style={{ width: '100%', height: 'calc(100vh - 330px)', border: '1px solid #f0f0f0' }}
          />
          <a href={evidence.downloadUrl ?? `/api/evidence/${evidence.id}/download`}>{t('Tải xuống', 'Download')}</a>
        </Space>
      ) : null}
    </Drawer>
  );
}

interface UploadFields {
  criterionCodes: string[];
  documentType: string;
  documentNumber: string;
  issuedOn: string;
  issuingBody: string;
  summary: string;
}

/**
 * Drag-and-drop a signed PDF for one or more criteria, with a progress bar, then show what the server found in
 * the signature (signer, time, valid or not) — the verdict comes from the server's verifier, never from the browser.
 */
export function EvidenceUpload({
  sheetId,
  uploadUrl,
  open,
  codes,
  leafOptions,
  onClose,
  onUploaded,
}: {
  sheetId: number;
  /** Where the form goes; default the sheet's evidence (a clarification answer uploads to its own endpoint). */
  uploadUrl?: string;
  open: boolean;
  codes: string[];
  leafOptions: { value: string; label: string }[];
  onClose: () => void;
  onUploaded: (evidence: Evidence) => void;
}) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<UploadFields>();
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<Evidence>();

  const reset = () => {
    setFile(undefined);
    setProgress(undefined);
    setError(undefined);
    setResult(undefined);
  };

  const send = async (v: UploadFields) => {
    if (!file) {
      setError(new Error('no file'));
      return;
    }
    const body = new FormData();
    // Fields first: the server checks scope and the stage lock before it reads the file.
    for (const code of v.criterionCodes) {
      body.append('criterionCodes', code);
    }
    body.append('documentType', v.documentType);
    body.append('documentNumber', v.documentNumber);
    body.append('issuedOn', v.issuedOn);
    body.append('issuingBody', v.issuingBody);
    body.append('summary', v.summary);
    body.append('file', file, file.name);
    setError(undefined);
    setProgress(0);
    try {
      const uploaded = await uploadWithProgress<Evidence>(
        uploadUrl ?? `/api/sheets/${sheetId}/evidence`,
        body,
        setProgress,
      );
      setResult(uploaded);
      onUploaded(uploaded);
    } catch (e) {
      setError(e);
      setProgress(undefined);
    }
  };

  return (
    <Modal
      open={open}
      width={640}
      title={t('Tải lên tài liệu kiểm chứng (PDF có chữ ký số)', 'Upload evidence (digitally signed PDF)')}
      onCancel={() => {
        reset();
        onClose();
      }}
      afterOpenChange={(visible) => {
        // Cleared after closing, not after opening: a file chosen while the dialog animates in must stay.
        if (visible) {
          form.setFieldsValue({ criterionCodes: codes });
        } else {
          reset();
        }
      }}
      footer={
        result ? (
          <Button
            type="primary"
            onClick={() => {
              reset();
              onClose();
            }}
          >
            {t('Xong', 'Done')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('Hủy', 'Cancel')}</Button>
            <Button type="primary" disabled={!file} loading={progress !== undefined} onClick={() => form.submit()}>
              {t('Tải lên', 'Upload')}
            </Button>
          </Space>
        )
      }
      destroyOnHidden
    >
      {result ? (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="upload-verdict">
          <VerdictPanel
            evidence={result}
            extra={
              result.deduplicated ? t('(tệp đã có, chỉ thêm liên kết)', '(file already uploaded: links added)') : null
            }
          />
          <div>
            {t('Gắn với tiêu chí', 'Linked to')}: {result.codes.join(', ')}
          </div>
        </Space>
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void send(v)} size="small">
          <Upload.Dragger
            accept="application/pdf,.pdf"
            multiple={false}
            showUploadList={false}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>
              {file ? file.name : t('Kéo thả tệp PDF vào đây hoặc bấm để chọn', 'Drop the PDF here or click to choose')}
            </p>
            <p style={{ color: '#595959', fontSize: 12 }}>
              {t('Tối đa 20 MiB; văn bản đã ký số', 'Up to 20 MiB; digitally signed document')}
            </p>
          </Upload.Dragger>
          {progress !== undefined ? (
            <Progress
              percent={progress}
              size="small"
              style={{ marginTop: 8 }}
              aria-label={t('Tiến độ tải lên', 'Upload progress')}
            />
          ) : null}
          {error ? (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 8 }}
              title={file ? errorText(error, lang) : t('Chọn một tệp PDF.', 'Choose a PDF file.')}
            />
          ) : null}
          <Form.Item
            name="criterionCodes"
            label={t('Dùng cho tiêu chí', 'For criteria')}
            rules={[{ required: true }]}
            style={{ marginTop: 12 }}
          >
            <Select mode="multiple" options={leafOptions} />
          </Form.Item>
          <Space.Compact block>
            <Form.Item
              name="documentType"
              label={t('Loại văn bản', 'Type')}
              rules={[{ required: true }]}
              style={{ width: 130 }}
            >
              <Select
                options={['KH', 'QĐ', 'BC', 'CV', 'TB', 'KL', 'HD'].map((v) => ({ value: v, label: v }))}
                aria-label={t('Loại văn bản', 'Type')}
              />
            </Form.Item>
            <Form.Item
              name="documentNumber"
              label={t('Số, ký hiệu', 'Number')}
              rules={[{ required: true }]}
              style={{ flex: 1 }}
            >
              <Input placeholder="15/KH-UBND" />
            </Form.Item>
            <Form.Item
              name="issuedOn"
              label={t('Ngày ban hành', 'Issued on')}
              rules={[{ required: true }]}
              style={{ width: 150 }}
            >
              <Input placeholder="15/01/2023" />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="issuingBody" label={t('Cơ quan ban hành', 'Issued by')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="summary" label={t('Trích yếu', 'Summary')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
