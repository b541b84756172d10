/** Loading, empty and error states: every screen uses these, so people never meet a blank page or raw JSON. */
import { Alert, Button, Empty, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useLang } from '../lib/i18n';
import { errorText } from './page-spinner';

// The two the sign-in page needs live in their own light module (no Result, Skeleton, Empty before signing in).
export { errorText, PageSpinner } from './page-spinner';

export function Loading({ rows = 4 }: { rows?: number }) {
  const { t } = useLang();
  return (
    <div role="status" aria-live="polite" aria-label={t('Đang tải…', 'Loading…')} style={{ padding: 16 }}>
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
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
