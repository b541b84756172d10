/** Every refusal of leadership approval, publication and corrections, in one place, in Vietnamese and English. */
import { AppError } from '@lib/common';
import type { RefusedAction } from '@lib/workflow';

export const PublicationErrors = {
  alreadyPublished: () =>
    new AppError(
      'conflict',
      'ALREADY_PUBLISHED',
      'Kết quả đã được công bố; hãy ban hành đính chính (bản sửa đổi mới).',
      'The results are already published; issue a correction (a new revision) instead.',
    ),
  revisionMoved: () =>
    new AppError(
      'conflict',
      'REVISION_MOVED',
      'Đã có một lần ban hành mới hơn trong lúc chờ; hãy tải lại trang, xem lần ban hành mới nhất rồi đính chính lại nếu còn cần.',
      'A newer revision was issued meanwhile; reload, check the newest revision and correct again if still needed.',
    ),
  /** Another decision (not a second click on the same one) is already being issued for this revision. */
  otherDecisionInProgress: (kind: 'publication' | 'correction', decisionNumber: string) =>
    kind === 'correction'
      ? new AppError(
          'conflict',
          'OTHER_DECISION_IN_PROGRESS',
          `Một đính chính khác (Quyết định số ${decisionNumber}) đang được ban hành; đính chính của bạn chưa được ghi. Hãy chờ đính chính đó xong, xem bản mới rồi gửi lại đính chính của bạn nếu vẫn cần.`,
          `Another correction (decision ${decisionNumber}) is being issued; yours was not recorded. Wait for it to finish, check the new revision, then send yours again if still needed.`,
        )
      : new AppError(
          'conflict',
          'OTHER_DECISION_IN_PROGRESS',
          `Kết quả đang được công bố theo Quyết định số ${decisionNumber}; yêu cầu của bạn chưa được ghi. Hãy chờ việc công bố xong; nếu cần sửa, hãy ban hành đính chính.`,
          `The results are being published under decision ${decisionNumber}; your request was not recorded. Wait for it to finish; to change anything, issue a correction.`,
        ),
  ambiguousCampaign: () =>
    new AppError(
      'conflict',
      'AMBIGUOUS_CAMPAIGN',
      'Nhiều cơ quan có đợt đánh giá cùng mã; hãy thêm ?authority=<mã cơ quan>.',
      'Several authorities publish a campaign with this code; add ?authority=<code>.',
    ),
};

export const REFUSED = {
  leadershipApproval: {
    what: { vi: 'phê duyệt kết quả', en: 'approve the results' },
    when: {
      vi: 'chỉ phê duyệt được sau khi Hội đồng thẩm định đã thông qua, và chỉ một lần',
      en: 'leadership can approve only after the council has approved, and only once',
    },
  },
  publication: {
    what: { vi: 'công bố kết quả', en: 'publish the results' },
    when: {
      vi: 'cần phê duyệt của Hội đồng thẩm định và của lãnh đạo trước',
      en: 'both the council and leadership must approve first',
    },
  },
} satisfies Record<string, RefusedAction>;
