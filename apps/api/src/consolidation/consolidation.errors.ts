/** Every refusal of the secretariat's consolidation writes (survey import, bonus and penalty), in one place. */
import { AppError } from '@lib/common';
import type { SurveyImportProblem } from './consolidation.service';

export const ConsolidationErrors = {
  /** Only a unit that never submitted may be set aside: a submitted sheet is appraised and ranked. */
  excludeSubmitted: (unitName: string) =>
    new AppError(
      'conflict',
      'UNIT_SUBMITTED',
      `${unitName} đã nộp biểu tự chấm điểm nên được thẩm định và xếp hạng; chỉ loại khỏi xếp hạng được đơn vị chưa nộp.`,
      `${unitName} has submitted its self-assessment, so it is appraised and ranked; only a unit that did not submit can be excluded.`,
    ),
  surveyInvalid: (problems: SurveyImportProblem[]) =>
    new AppError(
      'invalid',
      'SURVEY_IMPORT_INVALID',
      `Tệp kết quả khảo sát có ${problems.length} dòng lỗi; chưa lưu gì. Hãy sửa các dòng được nêu rồi nhập lại.`,
      `The survey file has ${problems.length} invalid rows; nothing was saved. Fix the rows listed and import again.`,
      { problems },
    ),
  surveyUnreadable: () =>
    new AppError(
      'invalid',
      'SURVEY_FILE_UNREADABLE',
      'Không đọc được tệp .xlsx kết quả khảo sát; hãy lưu lại bằng Excel (định dạng .xlsx) rồi thử lại.',
      'The survey .xlsx file could not be read; save it again as .xlsx and retry.',
    ),
  surveyEmpty: () =>
    new AppError('invalid', 'SURVEY_FILE_EMPTY', 'Tệp không có trang tính nào.', 'The file has no worksheet.'),
  surveyColumns: (missing: string[]) =>
    new AppError(
      'invalid',
      'SURVEY_FILE_COLUMNS',
      'Tệp cần các cột "Mã đơn vị", "Mã tiêu chí", "Kết quả (%)" ở dòng 1.',
      'The file needs the columns "Mã đơn vị", "Mã tiêu chí", "Kết quả (%)" in row 1.',
      { missing },
    ),
  unknownAdjustmentItem: (kind: 'bonus' | 'penalty', itemCode: string) =>
    new AppError(
      'invalid',
      'UNKNOWN_ADJUSTMENT_ITEM',
      `Bộ tiêu chí không có mục ${kind === 'bonus' ? 'điểm thưởng' : 'điểm trừ'} "${itemCode}".`,
      `The criteria set has no ${kind} item "${itemCode}".`,
    ),
  invalidPoints: (value: string, field: string) =>
    new AppError(
      'invalid',
      'INVALID_POINTS',
      `"${value}" không phải số điểm hợp lệ (ví dụ 1,5).`,
      `"${value}" is not a valid number of points (e.g. 1.5).`,
      { field },
    ),
};
