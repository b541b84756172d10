/**
 * The spinner and the error sentence the sign-in page needs, apart from the rest of the screen states: on a
 * 1.6 Mbit/s link every kilobyte before the sign-in form counts (Result's illustrations and Skeleton stay behind).
 */
import { Spin } from 'antd';
import { ApiError } from '../api/client';
import { useLang } from '../lib/i18n';

export function PageSpinner() {
  const { t } = useLang();
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: 240 }}>
      <Spin size="large" description={t('Đang tải…', 'Loading…')} />
    </div>
  );
}

/** The sentence to show for any error (ApiError carries the api's own messageVi). */
export function errorText(error: unknown, lang: 'vi' | 'en'): string {
  if (error instanceof ApiError) {
    return lang === 'vi' ? error.messageVi : error.messageEn;
  }
  return lang === 'vi' ? 'Đã có lỗi xảy ra. Vui lòng thử lại.' : 'Something went wrong. Please try again.';
}
