/** Loading, empty and error states: every screen uses these, so people never meet a blank page or raw JSON. */
import { Alert, Button, Empty, Skeleton } from 'antd';
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
