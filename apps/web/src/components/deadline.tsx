/** A deadline as every screen shows it: the last day it accepts work, with the instant it locks on hover. */
import { Tooltip } from 'antd';
import { formatDeadline, formatLocksAt } from '../lib/format';
import { useLang } from '../lib/i18n';

export function Deadline({ dueAt }: { dueAt: string | null | undefined }) {
  const { lang } = useLang();
  if (!dueAt) {
    return <>—</>;
  }
  return (
    <Tooltip title={formatLocksAt(dueAt, lang)}>
      <span data-deadline={dueAt}>{formatDeadline(dueAt)}</span>
    </Tooltip>
  );
}
