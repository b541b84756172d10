/**
 * The gate's two refusals, built in one place: a closed window (423, naming the instant it closed and how) and
 * a phase that has not started (409, naming the phase the campaign is in). Both say what to do next.
 */
import { PHASE_NAMES, isPhase, type Phase } from '@lib/criteria';
import { DateTime } from 'luxon';
import { AppError } from '@lib/common';
import type { ClosedBy, PhaseWindow, WindowName } from './phase-window';

const WINDOW_NAMES: Record<WindowName, { vi: string; en: string }> = {
  ...PHASE_NAMES,
  clarification: { vi: 'giải trình', en: 'clarification' },
};

const STATE_NAMES: Record<string, { vi: string; en: string }> = {
  draft: { vi: 'chuẩn bị (chưa mở)', en: 'preparation (not opened)' },
  published: { vi: 'đã công bố', en: 'published' },
  archived: { vi: 'đã lưu trữ', en: 'archived' },
};

/** How a window closed, as said after "closed at …". */
function howClosed(phase: WindowName, by: ClosedBy): { vi: string; en: string } {
  if (by === 'closedEarly') {
    return { vi: 'do Văn phòng thường trực kết thúc sớm', en: 'closed early by the secretariat' };
  }
  if (by === 'completed') {
    return phase === 'councilReview'
      ? { vi: 'khi Hội đồng thẩm định thông qua kết quả', en: 'when the council approved the results' }
      : { vi: 'khi kết quả được công bố', en: 'when the results were published' };
  }
  return { vi: 'theo thời hạn', en: 'at its deadline' };
}

/** Who is refused: the advice differs when the person asking is the secretariat, who grants extensions. */
export type Audience = 'unit' | 'secretariat';

function nextStep(phase: WindowName, by: ClosedBy, audience: Audience): { vi: string; en: string } {
  if (audience === 'secretariat' && phase === 'selfAssessment' && by !== 'completed') {
    return by === 'deadline'
      ? {
          vi: 'Nếu cần, hãy gia hạn tự đánh giá cho đơn vị này (nút "Gia hạn" ở dòng của đơn vị trong danh sách đơn vị của đợt) rồi thực hiện lại.',
          en: 'If needed, extend self-assessment for this unit (the unit\'s "Extend" button in the campaign\'s unit list), then try again.',
        }
      : {
          vi: 'Giai đoạn đã được kết thúc sớm nên không mở lại được; thay đổi điểm (nếu cần) do Hội đồng thẩm định quyết định khi xét duyệt.',
          en: 'The phase was closed early and cannot reopen; any change of score is for the council to decide in its review.',
        };
  }
  if (by === 'completed') {
    return {
      vi: 'Mọi thay đổi sau khi công bố được thực hiện bằng quyết định đính chính.',
      en: 'Any change after publication is made by a correction decision.',
    };
  }
  if (phase === 'clarification') {
    return {
      vi: 'Nếu cần thêm thời gian, hãy liên hệ cơ quan thẩm định.',
      en: 'If more time is needed, contact the appraising organisation.',
    };
  }
  return {
    vi: 'Nếu cần gia hạn, hãy liên hệ Văn phòng thường trực.',
    en: 'If an extension is needed, contact the secretariat.',
  };
}

/**
 * The campaign's zone as people say it ("giờ Việt Nam"), not its IANA code; an authority in another zone (not
 * expected) gets its UTC offset. The web app words it the same way (apps/web/src/lib/format.ts, formatTimeZone).
 */
function zoneName(timezone: string, at: DateTime): { vi: string; en: string } {
  if (timezone === 'Asia/Ho_Chi_Minh' || timezone === 'Asia/Saigon') {
    return { vi: 'giờ Việt Nam', en: 'Vietnam time' };
  }
  const offset = `UTC${at.toFormat('ZZ')}`;
  return { vi: `giờ ${offset}`, en: offset };
}

/** 423 PHASE_CLOSED: the window has closed; names the instant (in the campaign's zone) and how. */
export function phaseClosed(
  window: Pick<PhaseWindow, 'phase'> & { closed: { at: Date; by: ClosedBy } },
  timezone: string,
  audience: Audience = 'unit',
): AppError {
  const name = WINDOW_NAMES[window.phase];
  const local = DateTime.fromJSDate(window.closed.at, { zone: timezone });
  const zone = zoneName(timezone, local);
  const how = howClosed(window.phase, window.closed.by);
  const next = nextStep(window.phase, window.closed.by, audience);
  return new AppError(
    'locked',
    'PHASE_CLOSED',
    `Giai đoạn ${name.vi} đã kết thúc lúc ${local.toFormat('HH:mm')} ngày ${local.toFormat('dd/MM/yyyy')} (${zone.vi}), ${how.vi}; không thể ghi thêm. ${next.vi}`,
    `The ${name.en} phase closed at ${local.toFormat('yyyy-MM-dd HH:mm')} (${zone.en}), ${how.en}; no more changes are accepted. ${next.en}`,
    { phase: window.phase, closedAt: window.closed.at.toISOString(), closedBy: window.closed.by },
  );
}

const BEFORE: Record<Phase | 'published', { vi: string; en: string }> = {
  selfAssessment: {
    vi: 'Văn phòng thường trực cần mở đợt đánh giá trước.',
    en: 'The secretariat must open the campaign first.',
  },
  appraisal: {
    vi: 'Văn phòng thường trực cần mở đợt đánh giá trước.',
    en: 'The secretariat must open the campaign first.',
  },
  councilReview: {
    vi: 'Hãy chờ giai đoạn thẩm định, tổng hợp kết thúc.',
    en: 'Wait for the appraisal phase to end.',
  },
  approval: {
    vi: 'Kết quả cần được Hội đồng thẩm định thông qua trước.',
    en: 'The council must approve the results first.',
  },
  published: {
    vi: 'Chỉ đính chính được sau khi kết quả đã công bố.',
    en: 'A correction is possible only once the results are published.',
  },
};

/** 409 PHASE_NOT_OPEN: the write belongs to a phase the campaign has not reached. */
export function phaseNotOpen(phase: Phase | 'published', state: string): AppError {
  const wanted = phase === 'published' ? { vi: 'đính chính', en: 'correction' } : PHASE_NAMES[phase];
  const current = isPhase(state) ? PHASE_NAMES[state] : (STATE_NAMES[state] ?? { vi: state, en: state });
  const next = BEFORE[phase];
  return new AppError(
    'conflict',
    'PHASE_NOT_OPEN',
    `Giai đoạn ${wanted.vi} chưa bắt đầu: đợt đánh giá đang ở giai đoạn ${current.vi}. ${next.vi}`,
    `The ${wanted.en} phase has not started: the campaign is in ${current.en}. ${next.en}`,
    { phase, state },
  );
}
