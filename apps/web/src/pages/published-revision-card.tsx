/**
 * A published revision's decision and frozen tables, with its files. Every revision stays readable: the current one
 * by default, an earlier one on choice (read-only, saying what replaced it).
 */
import { Alert, Button, Card, Select, Space, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import type { Schemas } from '../api/client';
import { PublishedTable } from '../components/ranking-table';
import { ReportJobButton } from '../components/report-job-button';
import { formatDate, formatDateTime } from '../lib/format';
import { useLang } from '../lib/i18n';

export type Publication = Schemas['PublicationView'];

export function PublishedRevisionCard(p: {
  campaignId: number;
  revisions: Publication[];
  /** The revision chosen; undefined for the current one. */
  viewing: number | undefined;
  onView: (revision: number | undefined) => void;
}) {
  const { t } = useLang();
  const latest = p.revisions.find((r) => r.current) ?? p.revisions[0];
  const shown = p.revisions.find((r) => r.revision === p.viewing) ?? latest;
  const revisionOptions = useMemo(
    () =>
      [...p.revisions]
        .sort((a, b) => b.revision - a.revision)
        .map((r) => ({
          value: r.revision,
          label:
            t(
              `Lần ban hành ${r.revision} · Quyết định ${r.decisionNumber} ngày ${formatDate(r.decisionDate)}`,
              `Revision ${r.revision} · decision ${r.decisionNumber} of ${formatDate(r.decisionDate)}`,
            ) + (r.current ? t(' (hiện hành)', ' (current)') : ''),
        })),
    [p.revisions, t],
  );
  if (!shown) {
    return null;
  }
  return (
    <Card
      size="small"
      title={
        // The title wraps (a card title is cut with "…" otherwise: on a phone the decision's signer was lost).
        <Typography.Title level={2} style={{ margin: 0, fontSize: 14, whiteSpace: 'normal' }}>
          {t('Quyết định', 'Decision')} {shown.decisionNumber} {t('ngày', 'of')} {formatDate(shown.decisionDate)} —{' '}
          {shown.signerTitle} {shown.signerName}
        </Typography.Title>
      }
    >
      {revisionOptions.length > 1 ? (
        // Every revision stays readable: the current one by default, an earlier one on choice (read-only).
        <Select
          aria-label={t('Lần ban hành', 'Revision')}
          data-testid="revision-select"
          value={shown.revision}
          onChange={(r: number) => p.onView(r === latest?.revision ? undefined : r)}
          options={revisionOptions}
          style={{ width: '100%', maxWidth: 640, marginBottom: 8 }}
        />
      ) : null}
      {!shown.current && latest ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t(
            `Lần ban hành ${shown.revision} đã được thay bằng lần ban hành ${latest.revision} (Quyết định ${latest.decisionNumber}); chỉ để xem.`,
            `Revision ${shown.revision} was replaced by revision ${latest.revision} (decision ${latest.decisionNumber}); read-only.`,
          )}
          action={
            <Button size="small" onClick={() => p.onView(undefined)}>
              {t('Xem bản hiện hành', 'See the current one')}
            </Button>
          }
        />
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('Lần ban hành', 'Revision')} {shown.revision} · {formatDateTime(shown.publishedAt)}
        {shown.correctionReason ? ` · ${t('Đính chính', 'Correction')}: ${shown.correctionReason}` : null}
      </Typography.Paragraph>
      {/* The files are report jobs (progress, then the download); in the body so they never squeeze the header. */}
      <Space wrap align="start" style={{ marginBottom: 12 }}>
        <ReportJobButton
          size="small"
          campaignId={p.campaignId}
          kind="rankings-xlsx"
          revision={shown.revision}
          label={['Bảng xếp hạng (Excel)', 'Ranking tables (Excel)']}
        />
        <ReportJobButton
          size="small"
          campaignId={p.campaignId}
          kind="appendix-pdf"
          revision={shown.revision}
          label={['Phụ lục (PDF)', 'Appendix (PDF)']}
        />
      </Space>
      <Tabs
        key={shown.revision}
        items={shown.tables.map((tb) => ({
          key: String(tb.tableNo),
          label: tb.title,
          children: <PublishedTable table={tb} />,
        }))}
      />
    </Card>
  );
}
