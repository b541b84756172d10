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
