/**
 * What a campaign screen shows while it has no campaign to show: the list still loading, the list that did not load
 * (offline at sign-in, the server away) with a way to try again, or — only when the list did load — that there is
 * no campaign yet. Before, a failed list read as "no campaign yet" until the page was reloaded.
 */
import { Button, Card, Result } from 'antd';
import { useCampaign } from '../lib/campaign-context';
import { useLang } from '../lib/i18n';
import { EmptyState, errorText, Loading } from './states';

export function NoCampaign({ title }: { title?: string }) {
  const { campaigns } = useCampaign();
  const { t, lang } = useLang();
  if (campaigns.error !== undefined && !campaigns.data) {
    return (
      <Card>
        <Result
          status="warning"
          data-testid="campaigns-failed"
          title={t('Chưa tải được danh sách đợt đánh giá', 'The campaigns could not be loaded')}
          subTitle={`${errorText(campaigns.error, lang)} ${t(
            'Trang sẽ tự tải lại khi có mạng trở lại.',
            'The page loads them again by itself once the network is back.',
          )}`}
          extra={
            <Button type="primary" loading={campaigns.loading} onClick={campaigns.reload}>
              {t('Thử lại', 'Try again')}
            </Button>
          }
        />
      </Card>
    );
  }
  if (!campaigns.data) {
    return <Loading />;
  }
  return (
    <Card>
      <EmptyState title={title ?? t('Chưa có đợt đánh giá.', 'No campaign yet.')} />
    </Card>
  );
}
