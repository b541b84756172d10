/** The campaign's phases on a line, with today's position: what leadership and units look at first. */
import { Progress, Steps, Tooltip, Typography } from 'antd';
import type { Campaign } from '../lib/campaign-context';
import { formatClosed, formatCountdown, formatDeadline } from '../lib/format';
import { label, PHASE_LABELS, useLang } from '../lib/i18n';

export function PhaseTimeline({ campaign, now = Date.now() }: { campaign: Campaign; now?: number }) {
  const { lang, t } = useLang();
  const deadlines = [...campaign.deadlines].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const currentIndex = deadlines.findIndex((d) => !d.closed);
  const first = deadlines[0];
  const last = deadlines[deadlines.length - 1];
  // Where today sits between the start of the first phase (30 days before its deadline if unknown) and the last deadline.
  const start = first ? Date.parse(first.dueAt) - 90 * 86400_000 : now;
  const end = last ? Date.parse(last.dueAt) : now;
  const percent = Math.max(0, Math.min(100, Math.round(((now - start) / Math.max(1, end - start)) * 100)));
  return (
    <div data-testid="phase-timeline">
      <Steps
        size="small"
        current={currentIndex === -1 ? deadlines.length : currentIndex}
        items={deadlines.map((d) => ({
          title: label(PHASE_LABELS, d.phase, lang),
          content: (
            <span>
              {t('hạn', 'due')} {formatDeadline(d.dueAt)}
              <br />
              <Typography.Text
                type={d.closed ? 'secondary' : d.secondsLeft < 3 * 86400 ? 'danger' : undefined}
                style={{ fontSize: 12 }}
              >
                {d.closed ? formatClosed(d, lang) : formatCountdown(d.secondsLeft, lang)}
              </Typography.Text>
            </span>
          ),
          status: d.closed ? 'finish' : d === deadlines[currentIndex] ? 'process' : 'wait',
        }))}
      />
      <Tooltip title={t('Vị trí của hôm nay trên toàn bộ đợt', "Today's position in the whole campaign")}>
        <Progress
          percent={percent}
          showInfo={false}
          size="small"
          style={{ marginTop: 8 }}
          aria-label={t('Hôm nay', 'Today')}
        />
      </Tooltip>
    </div>
  );
}
