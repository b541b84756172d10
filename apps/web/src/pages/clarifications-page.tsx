/**
 * Unit officer: the appraisers' clarification requests (giải trình). Per request: what was asked, per criterion
 * the self score, the appraised score and the appraiser's comment, the due date with a countdown (open requests
 * only), and the answer right here — text plus signed PDFs uploaded through the same evidence pipeline (the
 * clarification's own endpoint) with the server's verdict. `?request=<id>` (the link of the notice and mail)
 * opens that request. What the officer types is kept in this browser until the answer is sent.
 */
import { CloudUploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { EvidenceUpload, VerdictTag } from '../components/evidence';
import { ErrorState, errorText, Loading } from '../components/states';
import { formatCountdown, formatDateTime, formatNumber } from '../lib/format';
import { useLang } from '../lib/i18n';
import { useAsync } from '../lib/use-async';
import { useTicker } from './sheet/sheet-model';
import { Deadline } from '../components/deadline';

type Clarification = Schemas['ClarificationView'];
type Uploaded = { id: number; documentNumber: string; verdict: Schemas['EvidenceRefView']['verdict'] };

const draftKey = (id: number) => `par.clarification.${id}`;

function AnswerForm({ k, onSent }: { k: Clarification; onSent: () => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [answer, setAnswer] = useState(() => localStorage.getItem(draftKey(k.id)) ?? '');
  const [uploaded, setUploaded] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const type = (text: string) => {
    setAnswer(text);
    // Kept until the server has the answer: a failed send, a closed tab or an ended session loses nothing.
    localStorage.setItem(draftKey(k.id), text);
  };
  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.POST('/api/appraisal/clarifications/{id}/answer', {
          params: { path: { id: k.id } },
          body: { answer: answer.trim(), evidenceIds: uploaded.map((u) => u.id) },
        }),
      );
      localStorage.removeItem(draftKey(k.id));
      void message.success(t('Đã gửi giải trình.', 'Answer sent.'));
      onSent();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        rows={4}
        value={answer}
        onChange={(e) => type(e.target.value)}
        aria-label={t('Nội dung giải trình', 'Your answer')}
        placeholder={t(
          'Nội dung giải trình; tài liệu bổ sung (PDF ký số) tải lên ngay bên dưới.',
          'Your answer; extra evidence (signed PDF) is uploaded right below.',
        )}
      />
      <Space wrap>
        <Button icon={<CloudUploadOutlined />} onClick={() => setUploading(true)}>
          {t('Tải tài liệu bổ sung', 'Upload a document')}
        </Button>
        {uploaded.map((u) => (
          <Space key={u.id} size={4}>
            <Typography.Text>{u.documentNumber}</Typography.Text>
            <VerdictTag verdict={u.verdict} />
          </Space>
        ))}
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Button type="primary" loading={busy} disabled={answer.trim().length === 0} onClick={() => void send()}>
        {t('Gửi giải trình', 'Send answer')}
      </Button>
      <EvidenceUpload
        sheetId={k.sheetId}
        uploadUrl={`/api/appraisal/clarifications/${k.id}/evidence`}
        open={uploading}
        codes={k.criterionCodes}
        leafOptions={k.criteria.map((c) => ({ value: c.code, label: `${c.code} ${c.title}` }))}
        onClose={() => setUploading(false)}
        onUploaded={(e) =>
          setUploaded((list) => [
            ...list.filter((u) => u.id !== e.id),
            { id: e.id, documentNumber: e.documentNumber, verdict: e.verdict },
          ])
        }
      />
    </Space>
  );
}

function ClarificationCard({
  k,
  now,
  focused,
  onSent,
}: {
  k: Clarification;
  now: number;
  focused: boolean;
  onSent: () => void;
}) {
  const { t, lang } = useLang();
  const secondsLeft = Math.floor((Date.parse(k.dueAt) - now) / 1000);
  const status =
    k.status === 'answered'
      ? { color: 'green', text: t('Đã giải trình', 'Answered') }
      : k.status === 'expired'
        ? { color: 'red', text: t('Quá hạn, không nhận giải trình nữa', 'Expired: no answer accepted') }
        : { color: 'purple', text: t('Chờ giải trình', 'Awaiting answer') };
  return (
    <Card
      size="small"
      id={`clarification-${k.id}`}
      data-testid={`clarification-${k.id}`}
      style={focused ? { borderColor: '#1677ff', boxShadow: '0 0 0 2px rgba(22,119,255,.2)' } : undefined}
      title={
        <Space wrap size={6}>
          <Tag color={status.color}>{status.text}</Tag>
          <span style={{ whiteSpace: 'normal' }}>
            {t('Tiêu chí', 'Criteria')} {k.criterionCodes.join(', ')}
          </span>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size={8}>
        <div data-testid="clarification-due">
          {t('Hạn trả lời', 'Reply by')}:{' '}
          <strong>
            <Deadline dueAt={k.dueAt} />
          </strong>{' '}
          {k.status === 'open' ? (
            <Tag color={secondsLeft < 86400 ? 'red' : 'orange'}>{formatCountdown(secondsLeft, lang)}</Tag>
          ) : null}
        </div>
        <div>
          <Typography.Text type="secondary">{t('Nội dung yêu cầu', 'Request')}: </Typography.Text>
          {k.request}
        </div>
        {k.criteria.map((c) => (
          <div key={c.code} style={{ borderLeft: '3px solid #f0f0f0', paddingLeft: 8 }}>
            <div>
              <strong style={{ whiteSpace: 'nowrap' }}>{c.code}</strong> {c.title}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('Tự chấm', 'Self score')}: {c.selfPoints === null ? '—' : formatNumber(c.selfPoints)} ·{' '}
              {t('Thẩm định', 'Appraised')}: {c.appraisedPoints === null ? '—' : formatNumber(c.appraisedPoints)}
            </Typography.Text>
            <div data-testid={`appraiser-comment-${c.code}`}>
              <Typography.Text type="secondary">
                {t('Nhận xét của người thẩm định', "Appraiser's comment")}:{' '}
              </Typography.Text>
              {c.comment ?? t('(không có)', '(none)')}
            </div>
          </div>
        ))}
        {k.status === 'answered' ? (
          <Alert
            type="success"
            showIcon
            title={`${t('Đơn vị đã giải trình lúc', 'Answered at')} ${formatDateTime(k.answeredAt)}`}
            description={
              <>
                <div>{k.answer}</div>
                {k.evidence.map((e) => (
                  <Space key={e.id} size={4}>
                    {e.documentNumber} <VerdictTag verdict={e.verdict} />
                  </Space>
                ))}
              </>
            }
          />
        ) : k.status === 'open' ? (
          <AnswerForm k={k} onSent={onSent} />
        ) : null}
      </Space>
    </Card>
  );
}

export default function ClarificationsPage() {
  const { t } = useLang();
  const [params] = useSearchParams();
  const requested = Number(params.get('request')) || undefined;
  const list = useAsync(() => call(api.GET('/api/appraisal/clarifications')), [], { pollMs: 60_000 });
  const now = useTicker(30_000);
  // Open requests first (soonest due first), then answered and expired ones, newest first.
  const sorted = useMemo(
    () =>
      [...(list.data ?? [])].sort((a, b) =>
        a.status === 'open' && b.status !== 'open'
          ? -1
          : b.status === 'open' && a.status !== 'open'
            ? 1
            : a.status === 'open'
              ? Date.parse(a.dueAt) - Date.parse(b.dueAt)
              : b.id - a.id,
      ),
    [list.data],
  );
  const found = !!list.data?.some((k) => k.id === requested);
  useEffect(() => {
    if (found) {
      document.getElementById(`clarification-${requested}`)?.scrollIntoView({ block: 'start' });
    }
  }, [found, requested]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t('Yêu cầu giải trình', 'Clarification requests')}
      </Typography.Title>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading rows={4} /> : null}
      {list.data && sorted.length === 0 ? (
        <Card>
          <Empty
            description={t(
              'Chưa có yêu cầu giải trình nào. Khi cơ quan thẩm định cần làm rõ, yêu cầu sẽ hiện ở đây và được gửi thư báo.',
              'No clarification request. When an appraiser needs more, it appears here and you get a mail.',
            )}
          />
        </Card>
      ) : null}
      {sorted.map((k) => (
        <ClarificationCard key={k.id} k={k} now={now} focused={k.id === requested} onSent={list.reload} />
      ))}
    </Space>
  );
}
