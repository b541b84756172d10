/**
 * A leaf's documents as the task api reports them: for each, its number (opens the PDF), the verdict, and every
 * signature with its signer and time — the appraiser sees the seal's signature as well as the person's.
 */
import { Space, Tag, Typography } from 'antd';
import { VerdictTag, verdictColor } from '../../components/evidence';
import { formatDateTime } from '../../lib/format';
import { useLang } from '../../lib/i18n';
import type { TaskEvidence } from './use-task';

export function LeafEvidence({ items, onOpen }: { items: TaskEvidence[]; onOpen: (e: TaskEvidence) => void }) {
  const { t } = useLang();
  if (!items.length) {
    return (
      <Typography.Text type="warning" style={{ fontSize: 12 }}>
        {t('Không có', 'None')}
      </Typography.Text>
    );
  }
  return (
    <Space orientation="vertical" size={6}>
      {items.map((e) => (
        <div key={e.id} data-testid={`task-evidence-${e.id}`}>
          <Tag
            color={verdictColor(e.verdict)}
            style={{ cursor: 'pointer' }}
            role="button"
            tabIndex={0}
            title={`${e.documentType} ${e.documentNumber} · ${e.summary}`}
            onClick={() => onOpen(e)}
            onKeyDown={(k) => (k.key === 'Enter' || k.key === ' ' ? onOpen(e) : undefined)}
          >
            {e.documentNumber}
          </Tag>
          <div style={{ marginTop: 2 }}>
            <VerdictTag verdict={e.verdict} />
          </div>
          {e.signatures.map((s) => (
            <div key={s.index} style={{ fontSize: 12, color: '#595959' }}>
              {s.signerName ?? t('Không rõ người ký', 'Unknown signer')} · {formatDateTime(s.signingTime)}
            </div>
          ))}
        </div>
      ))}
    </Space>
  );
}
