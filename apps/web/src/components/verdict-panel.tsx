/** A document's signature verdict as the server's verifier found it: the tag, and the panel explaining it. */
import { CheckCircleOutlined, CloseCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Space, Tag } from 'antd';
import type { ReactNode } from 'react';
import type { Schemas } from '../api/client';
import { formatDateTime } from '../lib/format';
import { useLang } from '../lib/i18n';
import { VerdictCheckedAt } from './verdict-history';

type EvidenceRef = Schemas['EvidenceRefView'];
type Evidence = Schemas['EvidenceView'];
type Verdict = EvidenceRef['verdict'];

export function VerdictTag({ verdict }: { verdict: Verdict }) {
  const { t } = useLang();
  switch (verdict) {
    case 'valid':
      return (
        <Tag color="green" icon={<CheckCircleOutlined />}>
          {t('Chữ ký hợp lệ', 'Valid signature')}
        </Tag>
      );
    case 'modifiedAfterSigning':
      return (
        <Tag color="orange" icon={<WarningOutlined />}>
          {t('Sửa sau khi ký', 'Modified after signing')}
        </Tag>
      );
    case 'invalid':
      return (
        <Tag color="red" icon={<CloseCircleOutlined />}>
          {t('Chữ ký không hợp lệ', 'Invalid signature')}
        </Tag>
      );
    case 'indeterminate':
      return (
        <Tag color="gold" icon={<WarningOutlined />}>
          {t('Chưa xác định được độ tin cậy', 'Trust not established')}
        </Tag>
      );
    case 'unsigned':
      return <Tag color="default">{t('Chưa ký số', 'Not signed')}</Tag>;
  }
}

type Signature = Evidence['signatures'][number];

/**
 * An agency's signature or a person's, as the server classified the signer certificate (NĐ 68/2024 issues them
 * separately; a criterion may need the agency's). Nothing for a file verified before the classification existed.
 */
function SignerKindTag({ kind }: { kind: Signature['signerKind'] | undefined }) {
  const { t } = useLang();
  if (!kind) {
    return null;
  }
  return (
    <Tag data-testid="signer-kind" color={kind === 'organisation' ? 'blue' : 'default'}>
      {kind === 'organisation'
        ? t('Ký số cơ quan', "Organisation's signature")
        : t('Ký số cá nhân', 'Personal signature')}
    </Tag>
  );
}

/** One signature as the server's verifier reported it: who, for which organisation, when, and the checks. */
export function SignatureDetails({ signature: sig }: { signature: Signature }) {
  const { t, lang } = useLang();
  return (
    <div data-testid="signature">
      <div>
        {t('Người ký', 'Signer')}: <strong>{sig.signerName ?? '—'}</strong>
        {sig.signerOrganisation ? ` — ${sig.signerOrganisation}` : ''} <SignerKindTag kind={sig.signerKind} />
      </div>
      <div data-testid="signing-time">
        {/* The time the checks and deadline rules used, and where it comes from (issue 18): a verified
            timestamp's, or the signer's own claim. */}
        {sig.documentTimestamp ? t('Dấu thời gian', 'Timestamp') : t('Thời điểm ký', 'Signed at')}:{' '}
        <strong>{formatDateTime(sig.trustedTime ?? sig.signingTime)}</strong>
        {sig.timeSource === 'timestamp'
          ? ` ${t(
              `(theo dấu thời gian đã kiểm tra${sig.timestamp?.tsaName ? ` của ${sig.timestamp.tsaName}` : ''})`,
              `(from a verified timestamp${sig.timestamp?.tsaName ? ` by ${sig.timestamp.tsaName}` : ''})`,
            )}`
          : sig.signingTime
            ? ` ${t('(người ký tự khai, không có dấu thời gian)', "(the signer's own claim, no timestamp)")}`
            : ''}
      </div>
      <div>
        {t('Toàn vẹn', 'Integrity')}:{' '}
        {!sig.digestMatches
          ? t('bị thay đổi', 'changed')
          : sig.coversWholeFile
            ? t('nguyên vẹn', 'intact')
            : // An earlier signature of a file signed again (a seal after the person): its part is intact.
              t('phần đã ký nguyên vẹn, có bản bổ sung sau', 'signed part intact, later revision follows')}{' '}
        · {t('Chứng thư', 'Certificate')}:{' '}
        {/* What "trust" means here: whether the signer's chain was checked against the configured root certificates. */}
        {sig.trust === 'trusted'
          ? t('đã đối chiếu, thuộc chứng thư gốc được cấu hình', 'checked: chains to a configured root certificate')
          : sig.trust === 'untrusted'
            ? t(
                'đã đối chiếu, không thuộc chứng thư gốc được cấu hình',
                'checked: does not chain to a configured root certificate',
              )
            : t('chưa đối chiếu với chứng thư gốc được cấu hình', 'not checked against a configured root certificate')}
      </div>
      {/*
        The verifier's findings come with their Vietnamese text from the server (one table in @lib/pdf); a file
        verified before the findings were coded has only the English lines: then the count, never the English.
      */}
      {lang === 'en' ? (
        sig.problems.length ? (
          <div>{sig.problems.join('; ')}</div>
        ) : null
      ) : (sig.findings ?? []).length ? (
        <ul data-testid="signature-findings" style={{ margin: '2px 0 0', paddingInlineStart: 18 }}>
          {sig.findings.map((f, i) => (
            <li key={i}>{f.vi}</li>
          ))}
        </ul>
      ) : sig.problems.length ? (
        <div>{`${sig.problems.length} ghi chú kỹ thuật của bộ kiểm tra chữ ký (kiểm tra lại tệp để xem chi tiết)`}</div>
      ) : null}
    </div>
  );
}

/**
 * The verdict of a document's signatures, explained the same way wherever it is shown (the upload's result and the
 * viewer): the verdict, then per signature the signer, signing time, integrity and the certificate check.
 */
export function VerdictPanel({
  evidence,
  extra,
}: {
  evidence: Pick<EvidenceRef, 'id' | 'verdict' | 'signatures'> &
    Partial<Pick<EvidenceRef, 'checkedAt' | 'verdictCurrent'>>;
  extra?: ReactNode;
}) {
  const { t } = useLang();
  const many = evidence.signatures.length > 1;
  return (
    <Alert
      data-testid="verdict-panel"
      type={
        evidence.verdict === 'valid'
          ? 'success'
          : evidence.verdict === 'unsigned' || evidence.verdict === 'indeterminate'
            ? 'warning'
            : 'error'
      }
      showIcon
      title={
        <Space>
          <VerdictTag verdict={evidence.verdict} />
          {extra}
        </Space>
      }
      description={
        <>
          {evidence.signatures.length === 0
            ? t('Tệp không có chữ ký số.', 'The file has no digital signature.')
            : evidence.signatures.map((sig) => (
                <div key={sig.index} style={{ marginTop: 4 }}>
                  {many ? <strong>{`${t('Chữ ký', 'Signature')} ${sig.index + 1}`}</strong> : null}
                  <SignatureDetails signature={sig} />
                </div>
              ))}
          <VerdictCheckedAt evidence={evidence} />
          {/* The fixed-field report with the certificates, for whoever must keep or forward the check's result. */}
          <div style={{ marginTop: 6 }}>
            <a href={`/api/evidence/${evidence.id}/validation-report.pdf`} download data-testid="validation-report-pdf">
              {t('Báo cáo kiểm tra chữ ký (PDF)', 'Signature validation report (PDF)')}
            </a>
            {' · '}
            <a href={`/api/evidence/${evidence.id}/validation-report.json`} download data-testid="validation-report">
              {t('bản JSON kèm chứng thư số', 'JSON with the certificates')}
            </a>
          </div>
        </>
      }
    />
  );
}
