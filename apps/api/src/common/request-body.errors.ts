/** Refusals of a request body before any route sees it (issue 12 items 6 and 7). */
import { AppError } from '@lib/common';

export const RequestBodyErrors = {
  tooDeep: (maxDepth: number) =>
    new AppError(
      'invalid',
      'JSON_TOO_DEEP',
      `Dữ liệu JSON lồng nhau quá ${maxDepth} cấp; hãy gửi dữ liệu theo đúng cấu trúc của biểu mẫu.`,
      `The JSON nests deeper than ${maxDepth} levels; send the data in the form's own structure.`,
      { maxDepth },
    ),
  tooLarge: (maxBytes: number) =>
    new AppError(
      'tooLarge',
      'JSON_TOO_LARGE',
      `Dữ liệu JSON gửi lên vượt quá ${Math.round(maxBytes / 1024)} KiB; hãy gửi ít dữ liệu hơn mỗi lần.`,
      `The JSON body is larger than ${Math.round(maxBytes / 1024)} KiB; send less at a time.`,
      { maxBytes },
    ),
  malformed: () =>
    new AppError(
      'invalid',
      'JSON_MALFORMED',
      'Dữ liệu gửi lên không phải JSON hợp lệ; hãy tải lại trang và thử lại.',
      'The body is not valid JSON; reload the page and try again.',
    ),
  unsupportedType: () =>
    new AppError(
      'unsupported',
      'UNSUPPORTED_CONTENT_TYPE',
      'Chỉ nhận dữ liệu dạng JSON (application/json) hoặc tệp tải lên (multipart/form-data); hãy dùng giao diện của hệ thống.',
      'Only JSON (application/json) or file uploads (multipart/form-data) are accepted; use the application’s own pages.',
    ),
  unsupportedEncoding: () =>
    new AppError(
      'unsupported',
      'UNSUPPORTED_CONTENT_ENCODING',
      'Mã hoá nội dung hoặc bộ ký tự của yêu cầu không được hỗ trợ; hãy gửi JSON UTF-8 không nén.',
      'The request’s content encoding or charset is not supported; send uncompressed UTF-8 JSON.',
    ),
};
