import { AppError } from '@lib/common';
import { existsSync } from 'node:fs';

/**
 * The TrueType font embedded in PDF exports, so Vietnamese diacritics render the same on every machine:
 * FONT_PATH when the operator set one, else DejaVu Sans from the npm package `dejavu-fonts-ttf` (installed
 * with the application; no system font package needed).
 */
export function pdfFontPath(configured?: string): string {
  const path = configured ?? require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
  if (!existsSync(path)) {
    throw new AppError(
      'unavailable',
      'PDF_FONT_MISSING',
      `Không tìm thấy phông chữ để tạo PDF tại ${path}; hãy sửa biến FONT_PATH (tệp .ttf có dấu tiếng Việt) hoặc bỏ trống để dùng DejaVu Sans có sẵn.`,
      `The font for PDF output is missing at ${path}; fix FONT_PATH (a .ttf with Vietnamese glyphs) or unset it to use the bundled DejaVu Sans.`,
    );
  }
  return path;
}
