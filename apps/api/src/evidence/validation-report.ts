/**
 * The validation report of a document's signatures (issue 18 item 7): the fixed fields TT 15/2025/TT-BKHCN asks a
 * relying party to show — người ký, cơ quan, loại chữ ký, thời điểm ký và nguồn thời gian, chuỗi tin cậy, trạng
 * thái thu hồi, toàn vẹn, kết luận — in Vietnamese, per signature, with the certificates the signature carries and
 * the time of the verdict. Pure: the service loads the stored verdict and the file's certificates.
 */
import type { PdfSignatureReport, RevocationStatus, SignatureStatus, SignatureTrust } from '@lib/pdf';

export type ValidationFieldKey =
  | 'signer'
  | 'organisation'
  | 'signatureType'
  | 'signingTime'
  | 'trustChain'
  | 'revocation'
  | 'integrity'
  | 'conclusion';

export const VALIDATION_FIELD_LABELS: Readonly<Record<ValidationFieldKey, string>> = {
  signer: 'Người ký',
  organisation: 'Cơ quan',
  signatureType: 'Loại chữ ký',
  signingTime: 'Thời điểm ký và nguồn thời gian',
  trustChain: 'Chuỗi tin cậy',
  revocation: 'Trạng thái thu hồi',
  integrity: 'Toàn vẹn',
  conclusion: 'Kết luận',
};

export interface ValidationReportInput {
  evidenceId: number;
  documentType: string;
  documentNumber: string;
  filename: string;
  sha256: string;
  verdict: string;
  signatures: readonly PdfSignatureReport[];
  /** Per signature index, PEM, signer first. */
  certificates: readonly (readonly string[])[];
  /** Fallback time of the verdict for reports stored before `checkedAt` (the document's upload re-verified it). */
  uploadedAt: Date;
}

export interface ValidationReport {
  title: string;
  evidenceId: number;
  document: string;
  filename: string;
  sha256: string;
  verdict: string;
  conclusion: string;
  /** When the verifier produced this verdict (ISO 8601) and the same in Vietnamese. */
  verifiedAt: string;
  verifiedAtText: string;
  signatures: Array<{
    index: number;
    status: SignatureStatus;
    fields: Array<{ key: ValidationFieldKey; label: string; value: string }>;
    /** The verifier's findings, Vietnamese. */
    findings: string[];
    certificates: string[];
  }>;
}

const VERDICTS: Readonly<Record<string, string>> = {
  valid: 'Chữ ký hợp lệ',
  invalid: 'Chữ ký không hợp lệ',
  modifiedAfterSigning: 'Văn bản bị sửa sau khi ký',
  indeterminate: 'Chưa xác định được độ tin cậy',
  unsigned: 'Văn bản chưa được ký số',
};

const STATUSES: Readonly<Record<SignatureStatus, string>> = {
  valid: 'Chữ ký hợp lệ',
  invalid: 'Chữ ký không hợp lệ',
  indeterminate: 'Chưa xác định được độ tin cậy (cảnh báo, không phải từ chối)',
};

const TRUST: Readonly<Record<SignatureTrust, string>> = {
  trusted: 'Hợp lệ: chứng thư số thuộc chứng thư gốc được cấu hình',
  untrusted: 'Không hợp lệ: chứng thư số không thuộc chứng thư gốc được cấu hình',
  notEvaluated: 'Chưa đối chiếu: hệ thống chưa được cấu hình chứng thư gốc',
};

const REVOCATION: Readonly<Record<RevocationStatus, string>> = {
  good: 'Chưa bị thu hồi tại thời điểm ký (theo danh sách thu hồi của nơi cấp)',
  revoked: 'Đã bị thu hồi trước thời điểm ký',
  revokedAfterSigning: 'Bị thu hồi sau thời điểm ký (chưa có dấu thời gian chứng minh chữ ký có trước)',
  unknown: 'Không kiểm tra được trạng thái thu hồi',
  offline: 'Không kiểm tra được trạng thái thu hồi (hệ thống đang chạy chế độ không kết nối mạng)',
  notChecked: 'Chưa kiểm tra (chuỗi tin cậy chưa được xác lập)',
};

const REVOCATION_SOURCES = {
  embedded: 'dữ liệu thu hồi lưu kèm trong tệp',
  ocsp: 'máy chủ OCSP của nơi cấp',
  crl: 'danh sách thu hồi của nơi cấp',
} as const;

function revocation(s: PdfSignatureReport): string {
  if (s.revocation === 'revokedAfterSigning' && s.timeSource === 'timestamp') {
    return 'Bị thu hồi sau thời điểm ký; dấu thời gian chứng minh chữ ký có trước';
  }
  if (s.revocation === 'good' && s.revocationSource) {
    return `Chưa bị thu hồi tại thời điểm ký (theo ${REVOCATION_SOURCES[s.revocationSource]})`;
  }
  return REVOCATION[s.revocation];
}

/** Vietnam has one time zone; the report is read by Vietnamese relying parties. */
function viDateTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}:${get('second')} (giờ Việt Nam)`;
}

function signingTime(s: PdfSignatureReport, verifiedAt: string): string {
  if (s.timeSource === 'timestamp' && s.trustedTime) {
    const tsa = s.timestamp?.tsaName ? ` của ${s.timestamp.tsaName}` : '';
    return `${viDateTime(s.trustedTime)} — theo dấu thời gian${tsa} (đã kiểm tra)`;
  }
  return s.signingTime && s.timeSource === 'claimed'
    ? `${viDateTime(s.signingTime)} — thời điểm do người ký khai báo trong chữ ký (không có dấu thời gian)`
    : `Không có — các kiểm tra dùng thời điểm kiểm tra ${viDateTime(verifiedAt)}`;
}

function trustChain(s: PdfSignatureReport): string {
  const notes = [TRUST[s.trust]];
  if (s.certificateValidity === 'expired') {
    notes.push('chứng thư số đã hết hạn tại thời điểm ký');
  } else if (s.certificateValidity === 'notYetValid') {
    notes.push('chứng thư số chưa có hiệu lực tại thời điểm ký');
  }
  if (s.publicKey && !s.publicKey.strong) {
    notes.push(`khóa quá ngắn (${s.publicKey.algorithm} ${s.publicKey.bits ?? '?'} bit)`);
  }
  return notes.join('; ');
}

function integrity(s: PdfSignatureReport): string {
  if (!s.byteRangeValid) {
    return 'Không hợp lệ: vùng dữ liệu được ký sai cấu trúc';
  }
  if (!s.digestMatches) {
    return 'Không hợp lệ: nội dung đã ký bị thay đổi sau khi ký';
  }
  if (!s.signatureValid) {
    return 'Không hợp lệ: chữ ký không khớp với chứng thư số của người ký';
  }
  return s.coversWholeFile
    ? 'Nguyên vẹn: nội dung không thay đổi từ khi ký'
    : 'Phần đã ký nguyên vẹn; sau chữ ký này tệp có bản bổ sung';
}

function signatureType(s: PdfSignatureReport): string {
  if (s.documentTimestamp) {
    return 'Dấu thời gian của tài liệu';
  }
  return s.signerKind === 'organisation'
    ? 'Ký số cơ quan'
    : s.signerKind === 'person'
      ? 'Ký số cá nhân'
      : 'Chưa phân loại (kiểm tra lại tệp để phân loại)';
}

export function buildValidationReport(input: ValidationReportInput): ValidationReport {
  const verifiedAt = input.signatures[0]?.checkedAt ?? input.uploadedAt.toISOString();
  return {
    title: 'Báo cáo kiểm tra chữ ký số',
    evidenceId: input.evidenceId,
    document: `${input.documentType} ${input.documentNumber}`,
    filename: input.filename,
    sha256: input.sha256,
    verdict: input.verdict,
    conclusion: VERDICTS[input.verdict] ?? input.verdict,
    verifiedAt,
    verifiedAtText: viDateTime(verifiedAt),
    signatures: input.signatures.map((s) => {
      const values: Record<ValidationFieldKey, string> = {
        signer: s.signerName ?? 'Không xác định (chữ ký không kèm chứng thư số)',
        organisation: s.signerOrganisation ?? 'Không ghi trong chứng thư số',
        signatureType: signatureType(s),
        signingTime: signingTime(s, s.checkedAt ?? verifiedAt),
        trustChain: trustChain(s),
        revocation: revocation(s),
        integrity: integrity(s),
        conclusion: STATUSES[s.status],
      };
      return {
        index: s.index,
        status: s.status,
        fields: (Object.keys(VALIDATION_FIELD_LABELS) as ValidationFieldKey[]).map((key) => ({
          key,
          label: VALIDATION_FIELD_LABELS[key],
          value: values[key],
        })),
        findings: s.findings.map((f) => f.vi),
        certificates: [...(input.certificates[s.index] ?? [])],
      };
    }),
  };
}
