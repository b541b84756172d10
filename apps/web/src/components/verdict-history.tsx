/**
 * When a document's verdict was computed, whether it is current, and — on demand — the earlier verdicts a re-check
 * replaced (issue 18 item 6: changing the trust anchors, or a revocation that became known, re-checks stored
 * evidence; the appraiser sees the new verdict and can still read the old one).
 */
import { HistoryOutlined } from '@ant-design/icons';
import { Alert, Button, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { formatTimeDate } from '../lib/format';
import { useLang } from '../lib/i18n';
import { VerdictTag } from './verdict-panel';

type StoredVerdict = Schemas['StoredVerdictView'];

const CAUSES: Record<StoredVerdict['cause'], [string, string]> = {
  upload: ['khi tải lên', 'at upload'],
  trustChanged: ['kiểm tra lại sau khi đổi cấu hình chứng thư gốc', 're-checked after the trust anchors changed'],
  requested: ['kiểm tra lại theo yêu cầu của Văn phòng', 're-checked at the secretariat’s request'],
  migrated: ['kết quả trước khi hệ thống lưu lịch sử kiểm tra', 'kept from before check history'],
};

export function VerdictCheckedAt({
  evidence,
}: {
  evidence: { id: number; checkedAt?: string | null; verdictCurrent?: boolean };
}) {
  const { t, lang } = useLang();
  const [history, setHistory] = useState<StoredVerdict[]>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState(false);
  const show = async () => {
    setLoading(true);
    setError(false);
    try {
      setHistory(await call(api.GET('/api/evidence/{id}/verdicts', { params: { path: { id: evidence.id } } })));
    } catch {
      setError(true);
    } finally {
      setLoading(false);
    }
  };
  const earlier = history?.filter((v) => !v.current) ?? [];
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%', marginTop: 6 }}>
      <Space wrap size={[8, 0]}>
        {evidence.checkedAt ? (
          <span data-testid="verdict-checked-at">
            {t('Kiểm tra lúc', 'Checked at')} {formatTimeDate(evidence.checkedAt)}
          </span>
        ) : null}
        {history === undefined ? (
          <Button
            size="small"
            type="link"
            icon={<HistoryOutlined />}
            loading={loading}
            onClick={() => void show()}
            data-testid="verdict-history-open"
            style={{ paddingInline: 0 }}
          >
            {t('Xem các lần kiểm tra trước', 'Earlier checks')}
          </Button>
        ) : null}
      </Space>
      {evidence.verdictCurrent === false ? (
        <Alert
          type="warning"
          showIcon
          data-testid="verdict-stale"
          title={t(
            'Kết luận này được kiểm tra theo cấu hình chứng thư gốc trước đây; hệ thống đang kiểm tra lại, hãy mở lại tài liệu sau ít phút.',
            'This verdict was computed under the earlier trust configuration; it is being re-checked — open the document again in a few minutes.',
          )}
        />
      ) : null}
      {error ? (
        <Typography.Text type="danger">
          {t('Không tải được lịch sử kiểm tra; hãy bấm lại.', 'Could not load the check history; try again.')}
        </Typography.Text>
      ) : null}
      {history !== undefined ? (
        earlier.length === 0 ? (
          <Typography.Text type="secondary" data-testid="verdict-history">
            {t('Chưa có lần kiểm tra nào khác.', 'No other check.')}
          </Typography.Text>
        ) : (
          <List
            size="small"
            data-testid="verdict-history"
            header={t('Các lần kiểm tra trước', 'Earlier checks')}
            dataSource={earlier}
            renderItem={(v) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Space wrap size={[8, 0]}>
                  <span>{formatTimeDate(v.checkedAt)}</span>
                  <VerdictTag verdict={v.verdict} />
                  <Typography.Text type="secondary">
                    {lang === 'vi' ? CAUSES[v.cause][0] : CAUSES[v.cause][1]}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )
      ) : null}
    </Space>
  );
}
