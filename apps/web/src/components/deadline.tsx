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
      {/* A date is one token: at 1024 a narrow column broke it as "20/12/20 26". */}
      <span data-deadline={dueAt} style={{ whiteSpace: 'nowrap' }}>
        {formatDeadline(dueAt)}
      </span>
    </Tooltip>
  );
}
