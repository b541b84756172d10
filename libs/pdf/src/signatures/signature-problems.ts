/**
 * Every finding the signature verifier can report, in one place, with its Vietnamese text for the screen and
 * its English text for the log and English mode (issue 18 item 2: nothing English from pkijs or the verifier
 * reaches a Vietnamese screen). Details that come from libraries (pkijs error messages, HTTP failures) are
 * English: they go into the English text only; the Vietnamese text says what was found and, where it helps,
 * what to do next. "note: " marks findings that do not make the signature invalid by themselves.
 */

/** Values a text is built from. Dates are ISO 8601 strings. */
export type ProblemParams = Readonly<Record<string, string | number>>;

interface ProblemText {
  en: (p: ProblemParams) => string;
  vi: (p: ProblemParams) => string;
}

/** "2025-01-15T02:30:00.000Z" → "15/01/2025 02:30 UTC" (the signer's claimed time, shown as it was given). */
function viTime(iso: string | number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return String(iso);
  }
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

export const SIGNATURE_PROBLEMS = {
  dictionaryUnreadable: {
    en: (p) => `the signature dictionary could not be parsed${p.detail ? ` (${p.detail})` : ''}`,
    vi: () => 'Không đọc được từ điển chữ ký trong tệp: tệp bị hỏng ở phần chữ ký, cần xin lại bản đã ký.',
  },
  byteRangeMalformed: {
    en: () => '/ByteRange is not an array of four non-negative integers',
    vi: () => 'Vùng dữ liệu được ký không đúng định dạng: chữ ký không thể kiểm tra.',
  },
  contentsNotHex: {
    en: () => '/Contents holds characters that are not hexadecimal',
    vi: () => 'Phần chứa chữ ký có ký tự không hợp lệ: chữ ký bị hỏng.',
  },
  contentsMissing: {
    en: () => '/Contents is missing or not a hex string',
    vi: () => 'Thiếu phần chứa chữ ký: chữ ký bị hỏng.',
  },
  byteRangeStart: {
    en: (p) => `/ByteRange must start at 0, starts at ${p.start}`,
    vi: (p) => `Vùng được ký phải bắt đầu từ đầu tệp (byte 0), tệp này bắt đầu ở byte ${p.start}.`,
  },
  byteRangeOverlap: {
    en: () => '/ByteRange ranges overlap or are empty',
    vi: () => 'Các vùng được ký chồng lên nhau hoặc rỗng.',
  },
  byteRangePastEnd: {
    en: (p) => `/ByteRange reaches ${p.end}, past the end of the file (${p.size})`,
    vi: (p) => `Vùng được ký kéo dài tới byte ${p.end}, quá cuối tệp (${p.size} byte): tệp bị cắt bớt.`,
  },
  byteRangeGap: {
    en: (p) =>
      `the /ByteRange gap [${p.gapStart}, ${p.gapEnd}) is not exactly the /Contents string [${p.start}, ${p.end})`,
    vi: () => 'Phần không được ký không trùng với phần chứa chữ ký: có nội dung nằm ngoài chữ ký.',
  },
  byteRangeShort: {
    en: (p) => `/ByteRange stops at ${p.end}, short of the end of its own revision (${p.revisionEnd})`,
    vi: (p) =>
      `Vùng được ký dừng ở byte ${p.end}, trước khi hết phiên bản tài liệu đã ký (byte ${p.revisionEnd}): một phần văn bản không được ký.`,
  },
  typeNotSig: {
    en: (p) => `/Type /${p.type} is not verified (only /Sig signatures are)`,
    vi: (p) => `Loại chữ ký ${p.type} chưa được hỗ trợ kiểm tra (chỉ kiểm tra chữ ký văn bản).`,
  },
  subFilterUnsupported: {
    en: (p) => `unsupported /SubFilter ${p.subFilter}`,
    vi: (p) => `Định dạng chữ ký ${p.subFilter} chưa được hỗ trợ (hỗ trợ PAdES và PKCS#7 tách rời).`,
  },
  cmsUnparsable: {
    en: (p) => `CMS SignedData could not be parsed: ${p.detail}`,
    vi: () => 'Không đọc được dữ liệu chữ ký (CMS): chữ ký bị hỏng.',
  },
  signerInfoCount: {
    en: (p) => `expected one SignerInfo, found ${p.count}`,
    vi: (p) => `Dữ liệu chữ ký có ${p.count} người ký thay vì một.`,
  },
  cmsNotDetached: {
    en: () => 'the CMS is not detached (it encapsulates content)',
    vi: () => 'Chữ ký không tách rời khỏi nội dung (định dạng không dùng cho PDF).',
  },
  signerCertificateMissing: {
    en: () => 'the signer certificate is not in the signature',
    vi: () => 'Chữ ký không kèm chứng thư số của người ký: không xác định được người ký.',
  },
  digestUnsupported: {
    en: (p) => `unsupported digest algorithm ${p.oid}`,
    vi: (p) => `Thuật toán băm ${p.oid} chưa được hỗ trợ.`,
  },
  digestSha1: {
    en: () => 'note: SHA-1 digest is weak',
    vi: () => 'Lưu ý: thuật toán băm SHA-1 đã yếu, nên ký lại bằng SHA-256.',
  },
  noSignedAttributes: {
    en: () => 'note: no signed attributes (no signing time, no messageDigest)',
    vi: () => 'Lưu ý: chữ ký không có thuộc tính được ký (không có thời điểm ký).',
  },
  contentTypeMissing: {
    en: () => 'note: the contentType signed attribute is missing',
    vi: () => 'Lưu ý: thiếu thuộc tính loại nội dung trong chữ ký.',
  },
  messageDigestMissing: {
    en: () => 'the messageDigest signed attribute is missing',
    vi: () => 'Thiếu giá trị băm của văn bản trong chữ ký: không kiểm tra được tính toàn vẹn.',
  },
  digestMismatch: {
    en: () => 'the signed ranges do not match the messageDigest: the signed bytes were changed',
    vi: () => 'Nội dung đã ký bị thay đổi sau khi ký: giá trị băm không khớp.',
  },
  signatureNotVerified: {
    en: () => 'the signature does not verify with the signer certificate',
    vi: () => 'Chữ ký không khớp với khóa công khai trong chứng thư số của người ký.',
  },
  signatureUncheckable: {
    en: (p) => `the signature could not be checked: ${p.detail}`,
    vi: () => 'Không kiểm tra được chữ ký với chứng thư số của người ký.',
  },
  certificateExpired: {
    en: (p) => `the signer certificate was expired at ${p.at}`,
    vi: (p) => `Chứng thư số của người ký đã hết hạn tại thời điểm ký (${viTime(p.at)}).`,
  },
  certificateNotYetValid: {
    en: (p) => `the signer certificate was not yet valid at ${p.at}`,
    vi: (p) => `Chứng thư số của người ký chưa có hiệu lực tại thời điểm ký (${viTime(p.at)}).`,
  },
  weakKey: {
    en: (p) => `weak key: ${p.algorithm} ${p.bits} bits`,
    vi: (p) => `Khóa quá ngắn: ${p.algorithm} ${p.bits} bit (yêu cầu RSA từ 2048 bit, ECDSA từ 256 bit).`,
  },
  noTrustAnchors: {
    en: () => 'note: no trust anchors are configured: trust not evaluated',
    vi: () =>
      'Lưu ý: hệ thống chưa được cấu hình chứng thư gốc nên chưa đối chiếu chuỗi tin cậy; quản trị viên cần nạp chứng thư gốc.',
  },
  chainNotTrusted: {
    en: (p) => `note: certificate chain not trusted: ${p.detail}`,
    vi: () => 'Lưu ý: chứng thư số không thuộc chứng thư gốc được cấu hình (chuỗi tin cậy không hợp lệ).',
  },
  noCrlDistributionPoint: {
    en: () => 'note: the certificate names no OCSP responder and no CRL distribution point',
    vi: () => 'Lưu ý: chứng thư số không ghi nơi tra cứu danh sách thu hồi: không kiểm tra được trạng thái thu hồi.',
  },
  crlUnavailable: {
    en: (p) => `note: CRL ${p.url} unavailable: ${p.detail}`,
    vi: (p) =>
      `Lưu ý: không kiểm tra được trạng thái thu hồi (danh sách thu hồi ${p.url} không tải được hoặc không hợp lệ).`,
  },
  ocspUnavailable: {
    en: (p) => `note: OCSP responder ${p.url} unavailable: ${p.detail}`,
    vi: (p) =>
      `Lưu ý: không kiểm tra được trạng thái thu hồi (máy chủ OCSP ${p.url} không trả lời hoặc trả lời không hợp lệ).`,
  },
  ocspUnknown: {
    en: (p) => `note: OCSP responder ${p.url} does not know the certificate`,
    vi: (p) => `Lưu ý: máy chủ OCSP ${p.url} không biết chứng thư số này: không kiểm tra được trạng thái thu hồi.`,
  },
  timestampUnreadable: {
    en: (p) => `the RFC 3161 timestamp token could not be read: ${p.detail}`,
    vi: () => 'Không đọc được dấu thời gian kèm chữ ký: dấu thời gian bị hỏng.',
  },
  timestampImprintMismatch: {
    en: () => 'the timestamp does not match what it stamps: the stamped bytes were changed',
    vi: () => 'Dấu thời gian không khớp với nội dung được gắn dấu: nội dung đã bị thay đổi.',
  },
  timestampNotVerified: {
    en: () => "the timestamp token's signature does not verify with the TSA certificate",
    vi: () => 'Chữ ký của đơn vị cấp dấu thời gian không hợp lệ: dấu thời gian không đáng tin.',
  },
  timestampUntrusted: {
    en: (p) => `note: the timestamp authority is not trusted (${p.detail}): the claimed signing time is used`,
    vi: () =>
      'Lưu ý: đơn vị cấp dấu thời gian không thuộc chứng thư gốc được cấu hình: dùng thời điểm ký do người ký tự khai.',
  },
  certificateRevoked: {
    en: (p) => `the certificate was revoked on ${p.at}`,
    vi: (p) => `Chứng thư số đã bị thu hồi ngày ${viTime(p.at)}.`,
  },
} satisfies Record<string, ProblemText>;

export type SignatureProblemCode = keyof typeof SIGNATURE_PROBLEMS;

/** One finding of the verifier: its code, and its texts in both languages. */
export interface SignatureProblem {
  code: SignatureProblemCode;
  vi: string;
  en: string;
}

export function signatureProblem(code: SignatureProblemCode, params: ProblemParams = {}): SignatureProblem {
  const text: ProblemText = SIGNATURE_PROBLEMS[code];
  return { code, vi: text.vi(params), en: text.en(params) };
}
