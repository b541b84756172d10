import { ApiError } from '../api/client';

/** The sentence to show for any error (ApiError carries the api's own messageVi). No Ant Design: the sign-in page uses it. */
export function errorText(error: unknown, lang: 'vi' | 'en'): string {
  if (error instanceof ApiError) {
    return lang === 'vi' ? error.messageVi : error.messageEn;
  }
  return lang === 'vi' ? 'Đã có lỗi xảy ra. Vui lòng thử lại.' : 'Something went wrong. Please try again.';
}
