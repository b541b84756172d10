/** Loading, empty and error states: every screen uses these, so people never meet a blank page or raw JSON. */
import { Alert, Button, Empty, Result, Skeleton, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useLang } from '../lib/i18n';

export function Loading({ rows = 4 }: { rows?: number }) {
  const { t } = useLang();
  return (
    <div role="status" aria-live="polite" aria-label={t('Đang tải…', 'Loading…')} style={{ padding: 16 }}>
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
}

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

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useLang();
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(error, lang)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('Thử lại', 'Retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return <Empty description={<span>{title}</span>}>{children}</Empty>;
}

/**
 * A screen whose api has not shipped yet: says what will appear here and which route it waits for — no fake data.
 */
export function Pending({ what, route }: { what: string; route: string }) {
  const { t } = useLang();
  return (
    <Result
      status="info"
      title={t('Chức năng đang được hoàn thiện', 'Coming with the next api release')}
      subTitle={
        <>
          <div>{what}</div>
          <div style={{ marginTop: 8, fontSize: 12 }}>
            {t('Chờ dịch vụ', 'Waiting for the api route')} <code>{route}</code>
          </div>
        </>
      }
    />
  );
}
