/**
 * The idle timeout counts typing and reading as activity: while the page is visible, input, scrolling and pointer
 * movement ping the session (/api/auth/me, at most every quarter of the idle time) so it does not end under someone
 * reading evidence. Without any activity, a warning with a countdown opens some minutes before the session ends
 * ("Tiếp tục làm việc" keeps it); when it has ended, the sign-in dialog opens in place (session-dialog.tsx) and
 * what was typed stays.
 */
import { ClockCircleOutlined } from '@ant-design/icons';
import { Button, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, inBackground, lastServerContact, notifyUnauthorised } from '../api/client';
import { useAuth } from '../auth';
import { useLang } from '../lib/i18n';

// Not 'focus': a closing dialog moves focus by itself, and that is not the person.
const ACTIVITY = ['keydown', 'input', 'pointerdown', 'pointermove', 'wheel', 'scroll', 'touchstart'];

/**
 * Ask the server, which moves the session's idle clock — unless `background` (only asking whether it still lives);
 * a 401 opens the sign-in dialog.
 */
let pinging = false;
async function ping(background = false): Promise<void> {
  if (pinging) {
    return;
  }
  pinging = true;
  try {
    const me = () => api.GET('/api/auth/me');
    const res = await (background ? inBackground(me) : me());
    if (res.response.status === 401) {
      notifyUnauthorised();
    }
  } catch {
    // Offline: the next activity or tick asks again.
  } finally {
    pinging = false;
  }
}

function formatLeft(seconds: number, t: (vi: string, en: string) => string): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? t(`${m} phút ${s} giây`, `${m} min ${s} s`) : t(`${s} giây`, `${s} s`);
}

export function IdleWarning() {
  const { user, expired, idleSeconds } = useAuth();
  const { t } = useLang();
  const [left, setLeft] = useState<number>();

  useEffect(() => {
    if (!user || expired || !idleSeconds) {
      setLeft(undefined);
      return undefined;
    }
    const idleMs = idleSeconds * 1000;
    const throttleMs = Math.min(60_000, idleMs / 4);
    const warnMs = Math.min(5 * 60_000, idleMs / 2);
    const onActivity = () => {
      if (document.visibilityState === 'visible' && Date.now() - lastServerContact() > throttleMs) {
        void ping();
      }
    };
    const tick = () => {
      const remaining = lastServerContact() + idleMs - Date.now();
      if (remaining <= 0) {
        // Ended (or about to): the server's answer decides — without counting as activity — and a 401 opens the
        // sign-in dialog in place.
        // The warning stays open until then (closing it would move focus, and nothing should look like activity).
        setLeft(0);
        void ping(true);
      } else {
        setLeft(remaining <= warnMs ? Math.ceil(remaining / 1000) : undefined);
      }
    };
    ACTIVITY.forEach((e) => window.addEventListener(e, onActivity, { capture: true, passive: true }));
    document.addEventListener('visibilitychange', onActivity);
    const id = window.setInterval(tick, 1000);
    return () => {
      ACTIVITY.forEach((e) => window.removeEventListener(e, onActivity, { capture: true }));
      document.removeEventListener('visibilitychange', onActivity);
      window.clearInterval(id);
    };
  }, [user, expired, idleSeconds]);

  return (
    <Modal
      open={left !== undefined}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      title={
        <span>
          <ClockCircleOutlined /> {t('Phiên làm việc sắp hết hạn', 'Your session is about to end')}
        </span>
      }
      footer={
        <Button type="primary" onClick={() => void ping()}>
          {t('Tiếp tục làm việc', 'Keep working')}
        </Button>
      }
    >
      <div data-testid="idle-warning">
        <Typography.Paragraph>
          {t(
            `Bạn chưa thao tác trong một thời gian. Phiên làm việc sẽ kết thúc sau ${formatLeft(left ?? 0, t)}. Bấm "Tiếp tục làm việc" để giữ phiên; những gì bạn đã nhập vẫn được giữ.`,
            `You have not done anything for a while. Your session ends in ${formatLeft(left ?? 0, t)}. Press "Keep working" to keep it; what you typed is kept.`,
          )}
        </Typography.Paragraph>
      </div>
    </Modal>
  );
}
