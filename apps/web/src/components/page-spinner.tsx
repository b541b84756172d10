/**
 * The spinner of a loading screen, apart from the rest of the screen states (Result's illustrations and Skeleton stay
 * behind). The sign-in page uses neither: it carries no Ant Design at all (see login-page.tsx).
 */
import { Spin } from 'antd';
import { useLang } from '../lib/i18n';

export { errorText } from './error-text';

export function PageSpinner() {
  const { t } = useLang();
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: 240 }}>
      <Spin size="large" description={t('Đang tải…', 'Loading…')} />
    </div>
  );
}
