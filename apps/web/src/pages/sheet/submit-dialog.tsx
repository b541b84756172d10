/**
 * The submit confirmation: the server's submit check (`submitProblems`, the same list a refused submit carries)
 * grouped as the officer fixes it — chưa chấm / thiếu tài liệu / chữ ký không hợp lệ hoặc bị sửa — each code a
 * link to its row. While anything blocks, "Nộp biểu" stays disabled and says why.
 */
import { Alert, Button, Modal, Space, Typography } from 'antd';
import { formatNumber } from '../../lib/format';
import { useLang } from '../../lib/i18n';
import type { Node, Sheet, SubmitProblem } from './sheet-model';

interface Group {
  reason: SubmitProblem['reason'];
  vi: string;
  en: string;
  hintVi: string;
  hintEn: string;
}

const GROUPS: Group[] = [
  {
    reason: 'unscored',
    vi: 'Chưa chấm',
    en: 'Not scored',
    hintVi: 'Chọn mức hoặc nhập điểm tự chấm (0 cũng là một điểm).',
    hintEn: 'Choose a level or enter a self score (0 is a score).',
  },
  {
    reason: 'unexplained',
    vi: 'Thiếu tài liệu kiểm chứng',
    en: 'Missing evidence',
    hintVi: 'Tải tài liệu kiểm chứng hoặc ghi giải thích cách tính.',
    hintEn: 'Upload evidence or explain the score.',
  },
  {
    reason: 'invalidSignature',
    vi: 'Chữ ký không hợp lệ hoặc bị sửa',
    en: 'Signature not valid or file altered',
    hintVi: 'Văn bản này không được dùng làm căn cứ; người thẩm định sẽ thấy cảnh báo. Nên tải bản đã ký hợp lệ.',
    hintEn: 'This document proves nothing; the appraiser will see a warning. Upload a validly signed copy.',
  },
];

export function SubmitDialog({
  sheet,
  problems,
  leafList,
  open,
  submitting,
  onGoTo,
  onCancel,
  onSubmit,
}: {
  sheet: Sheet;
  problems: SubmitProblem[];
  leafList: Node[];
  open: boolean;
  submitting: boolean;
  onGoTo: (code: string) => void;
  onCancel: () => void;
  onSubmit: () => void;
}) {
  const { t, lang } = useLang();
  const scored = leafList.filter((l) => l.selfPoints !== null && l.selfPoints !== undefined).length;
  const blocking = problems.filter((p) => p.blocking).length;
  // Scored with an explanation but no document: allowed, but the appraiser will ask — say so before submitting.
  const explainedOnly = leafList.filter(
    (l) =>
      l.selfPoints !== null &&
      l.selfPoints !== undefined &&
      (l.evidence ?? []).length === 0 &&
      l.rule?.kind !== 'survey',
  );
  const codeLink = (code: string, key: string) => (
    <Button
      key={key}
      type="link"
      size="small"
      style={{ padding: '0 4px', height: 'auto' }}
      onClick={() => onGoTo(code)}
    >
      {code}
    </Button>
  );
  return (
    <Modal
      open={open}
      width={640}
      title={t('Nộp biểu tự chấm điểm?', 'Submit the score sheet?')}
      onCancel={onCancel}
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          {blocking > 0 ? (
            <Typography.Text type="danger">
              {t('Hoàn thiện các tiêu chí trên rồi nộp.', 'Complete the criteria above, then submit.')}
            </Typography.Text>
          ) : null}
          <Button onClick={onCancel}>{t('Xem lại', 'Review')}</Button>
          <Button type="primary" disabled={blocking > 0} loading={submitting} onClick={onSubmit}>
            {t('Nộp biểu', 'Submit')}
          </Button>
        </Space>
      }
    >
      <div data-testid="submit-confirmation">
        <p>
          {t(
            `Sau khi nộp, đơn vị không sửa được điểm và tài liệu (trừ khi được gia hạn). Đã chấm ${scored}/${leafList.length} tiêu chí; tổng điểm tự chấm ${formatNumber(sheet.selfTotal)}/${formatNumber(sheet.maxPoints)}.`,
            `After submitting, scores and evidence are locked (unless extended). ${scored}/${leafList.length} criteria scored; self total ${formatNumber(sheet.selfTotal)}/${formatNumber(sheet.maxPoints)}.`,
          )}
        </p>
        <div style={{ maxHeight: '50vh', overflow: 'auto' }}>
          {GROUPS.map((g) => {
            const items = problems.filter((p) => p.reason === g.reason);
            if (items.length === 0) {
              return null;
            }
            return (
              <Alert
                key={g.reason}
                data-testid={`submit-group-${g.reason}`}
                type={g.reason === 'invalidSignature' ? 'warning' : 'error'}
                showIcon
                style={{ marginBottom: 8 }}
                title={`${lang === 'vi' ? g.vi : g.en} (${items.length})`}
                description={
                  <>
                    <div>{lang === 'vi' ? g.hintVi : g.hintEn}</div>
                    {g.reason === 'invalidSignature' ? (
                      <ul style={{ paddingLeft: 18, margin: 0 }}>
                        {items.map((p) => (
                          <li key={p.evidenceId}>
                            {t('Văn bản', 'Document')} <strong>{p.documentNumber}</strong>:{' '}
                            {p.verdict === 'invalid'
                              ? t('chữ ký không hợp lệ', 'the signature is not valid')
                              : t('tệp bị sửa sau khi ký', 'changed after signing')}
                            {p.code ? (
                              <>
                                {' '}
                                — {t('tiêu chí', 'criterion')} {codeLink(p.code, p.code)}
                              </>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <div>{items.map((p) => codeLink(p.code, p.code))}</div>
                    )}
                  </>
                }
              />
            );
          })}
          {blocking === 0 && explainedOnly.length > 0 ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              title={t(
                `${explainedOnly.length} tiêu chí chưa có tài liệu kiểm chứng, chỉ có giải thích:`,
                `${explainedOnly.length} criteria have no evidence, only an explanation:`,
              )}
              description={explainedOnly.map((l) => l.code).join(', ')}
            />
          ) : null}
          {problems.length === 0 && explainedOnly.length === 0 ? (
            <Alert
              type="success"
              showIcon
              title={t('Mọi tiêu chí đã có điểm và tài liệu kiểm chứng.', 'Every criterion has a score and evidence.')}
            />
          ) : null}
        </div>
      </div>
    </Modal>
  );
}
