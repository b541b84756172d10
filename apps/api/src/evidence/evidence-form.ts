/**
 * The reference fields of an evidence upload, checked all at once against {@link EvidenceUploadFields} (the
 * DTO whose decorators are also the OpenAPI document) and then against the sheet's criteria set. Every
 * problem is listed, in Vietnamese and English.
 */
import { indexByCode } from '@lib/criteria';
import { AppError } from '@lib/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { SheetRow } from '../sheets/sheet-access.service';
import { EVIDENCE_FIELD_LIMITS, EvidenceUploadFields } from './dto/evidence.dto';

export interface EvidenceMeta {
  codes: string[];
  documentType: string;
  documentNumber: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  issuingBody: string;
  summary: string;
}

/** One problem of the form, in the wire shape of bilingual text: `message` in English, `messageVi` in Vietnamese. */
interface Problem {
  field: string;
  message: string;
  messageVi: string;
}

const LABELS: Record<keyof EvidenceUploadFields, string> = {
  criterionCodes: 'Tiêu chí',
  documentType: 'Loại văn bản',
  documentNumber: 'Số, ký hiệu',
  issuedOn: 'Ngày ban hành',
  issuingBody: 'Cơ quan ban hành',
  summary: 'Trích yếu',
};

export function parseEvidenceForm(
  fields: Map<string, string[]>,
  sheet: SheetRow,
  allowedCodes: string[] | null,
): EvidenceMeta {
  const text = (name: string) => (fields.get(name)?.[0] ?? '').normalize('NFC').trim();
  const plain = {
    criterionCodes: [
      ...new Set(
        (fields.get('criterionCodes') ?? [])
          .flatMap((v) => v.split(/[\s,;]+/))
          .map((c) => c.trim())
          .filter(Boolean),
      ),
    ],
    documentType: text('documentType'),
    documentNumber: text('documentNumber'),
    issuedOn: text('issuedOn'),
    issuingBody: text('issuingBody'),
    summary: text('summary'),
  };
  const form = plainToInstance(EvidenceUploadFields, plain);
  const problems: Problem[] = validateSync(form).map((error) =>
    describe(error.property as keyof EvidenceUploadFields, plain),
  );

  const leaves = indexByCode(sheet.set);
  for (const code of plain.criterionCodes) {
    const node = leaves.get(code);
    if (!node || node.children.length > 0) {
      problems.push({
        field: 'criterionCodes',
        messageVi: `Mã "${code}" không phải tiêu chí thành phần của bộ tiêu chí.`,
        message: `"${code}" is not a leaf criterion of the set.`,
      });
    } else if (allowedCodes && !allowedCodes.includes(code)) {
      problems.push({
        field: 'criterionCodes',
        messageVi: `Tiêu chí ${code} không thuộc yêu cầu giải trình (chỉ: ${allowedCodes.join(', ')}).`,
        message: `${code} is not under this clarification (only: ${allowedCodes.join(', ')}).`,
      });
    }
  }
  const issuedOn = calendarDate(plain.issuedOn);
  if (plain.issuedOn && !issuedOn && !problems.some((p) => p.field === 'issuedOn')) {
    problems.push(describe('issuedOn', plain));
  }
  if (problems.length > 0) {
    throw new AppError(
      'invalid',
      'EVIDENCE_FIELDS_INVALID',
      `Thông tin văn bản chưa hợp lệ: ${problems.map((p) => p.messageVi).join(' ')}`,
      `The document reference is not valid: ${problems.map((p) => p.message).join(' ')}`,
      { problems },
    );
  }
  return { ...plain, codes: plain.criterionCodes, issuedOn: issuedOn! };
}

/** One message per field, naming the limit the DTO enforces. */
function describe(field: keyof EvidenceUploadFields, plain: { issuedOn: string }): Problem {
  if (field === 'criterionCodes') {
    const max = EVIDENCE_FIELD_LIMITS.criterionCodes;
    return {
      field,
      messageVi: `Chọn ít nhất một tiêu chí (tối đa ${max}), mã dạng 1.1.2.`,
      message: `criterionCodes: at least one criterion code such as 1.1.2 (at most ${max}).`,
    };
  }
  if (field === 'issuedOn') {
    return {
      field,
      messageVi: plain.issuedOn
        ? `Ngày ban hành "${plain.issuedOn}" không hợp lệ (dd/mm/yyyy).`
        : 'Ngày ban hành: bắt buộc (dd/mm/yyyy).',
      message: plain.issuedOn
        ? `issuedOn "${plain.issuedOn}" is not a date (YYYY-MM-DD or DD/MM/YYYY).`
        : 'issuedOn: required (YYYY-MM-DD or DD/MM/YYYY).',
    };
  }
  const max = EVIDENCE_FIELD_LIMITS[field];
  return {
    field,
    messageVi: `${LABELS[field]}: bắt buộc, tối đa ${max} ký tự.`,
    message: `${field}: required, at most ${max} characters.`,
  };
}

const DATE_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_VN = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** YYYY-MM-DD of a real calendar date written either way, else null. */
function calendarDate(text: string): string | null {
  const iso = DATE_ISO.exec(text);
  const vn = DATE_VN.exec(text);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : vn
      ? [Number(vn[3]), Number(vn[2]), Number(vn[1])]
      : [0, 0, 0];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!y || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
