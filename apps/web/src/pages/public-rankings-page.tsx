/** Public (no login): the published ranking tables of a campaign — Bảng 1 agencies, Bảng 2 communes/wards. */
import { App as AntApp, Button, Card, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, call } from '../api/client';
import { PublishedTable } from '../components/ranking-table';
import { EmptyState, ErrorState, Loading } from '../components/states';
import { formatDate } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';

function PublicRankingsPageScreen() {
  const { t, lang, setLang } = useLang();
  const [params, setParams] = useSearchParams();
  const list = useAsync(() => call(api.GET('/api/public/rankings')), []);
  const [code, setCode] = useState<string | undefined>(params.get('campaign') ?? undefined);
  useEffect(() => {
    if (!code && list.data?.length) {
      setCode(list.data[0].campaignCode);
    }
  }, [code, list.data]);
  const item = list.data?.find((i) => i.campaignCode === code);
  const publication = useAsync(
    () =>
      code
        ? call(
            api.GET('/api/public/rankings/{campaignCode}', {
              params: { path: { campaignCode: code }, query: item ? { authority: item.authorityCode } : {} },
            }),
          )
        : Promise.resolve(undefined),
    [code, item?.authorityCode],
  );

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto', padding: 24 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          {t('Kết quả Chỉ số cải cách hành chính', 'PAR Index results')}
        </Typography.Title>
        <Space>
          <Button type="link" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
            {lang === 'vi' ? 'English' : 'Tiếng Việt'}
          </Button>
          <Link to="/login">{t('Đăng nhập', 'Sign in')}</Link>
        </Space>
      </Space>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? (
        <Card>
          <EmptyState
            title={t(
              'Chưa có kết quả nào được công bố. Bảng xếp hạng sẽ hiện ở đây khi có quyết định công bố.',
              'Nothing published yet. Rankings appear here once a decision is issued.',
            )}
          />
        </Card>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Select
            style={{ minWidth: 420 }}
            value={code}
            aria-label={t('Đợt đánh giá', 'Campaign')}
            onChange={(c: string) => {
              setCode(c);
              setParams({ campaign: c });
            }}
            options={list.data.map((i) => ({ value: i.campaignCode, label: `${i.authorityName} — ${i.campaignName}` }))}
          />
          {publication.error ? <ErrorState error={publication.error} onRetry={publication.reload} /> : null}
          {publication.data ? (
            <>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {t('Kèm theo Quyết định số', 'Annexed to Decision no.')} {publication.data.decisionNumber}{' '}
                {t('ngày', 'of')} {formatDate(publication.data.decisionDate)} {t('của', 'by')}{' '}
                {publication.data.authorityName}
                {publication.data.revision > 1
                  ? ` (${t('đính chính lần', 'correction')} ${publication.data.revision - 1})`
                  : ''}
              </Typography.Paragraph>
              {publication.data.tables.map((tb) => (
                <Card key={tb.tableNo} size="small" title={tb.title} data-testid={`public-table-${tb.tableNo}`}>
                  <PublishedTable table={tb} />
                </Card>
              ))}
            </>
          ) : publication.loading ? (
            <Loading />
          ) : null}
        </Space>
      ) : null}
    </div>
  );
}

/** Inside Ant Design's App (its toasts and dialogs), which the sign-in page does without. */
export default function PublicRankingsPage() {
  return (
    <AntApp>
      <PublicRankingsPageScreen />
    </AntApp>
  );
}
