import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useLang } from '../lib/i18n';

export default function NotFoundPage() {
  const { t } = useLang();
  return (
    <Result
      status="404"
      title={t('Không tìm thấy trang', 'Page not found')}
      extra={
        <Link to="/">
          <Button type="primary">{t('Về trang chính', 'Go to my work')}</Button>
        </Link>
      }
    />
  );
}
