import { Authority } from './authority.entity';
import { Organisation } from './organisation.entity';
import { Unit, UnitPredecessor } from './unit.entity';
import { User } from './user.entity';
import { Session } from './session.entity';
import { AuditEntry, AuditStream } from './audit-entry.entity';
import { Campaign } from './campaign.entity';
import { Deadline } from './deadline.entity';
import { OutboxMessage } from './outbox-message.entity';
import { PhaseLock } from './phase-lock.entity';

import { AppraisalTask, AppraisalTaskCandidate } from './appraisal-task.entity';
import { CampaignUnit } from './campaign-unit.entity';
import { ContentArea, ContentAreaAppraiser } from './content-area.entity';
import { CriteriaSetRecord } from './criteria-set.entity';
import { ScoreEntryRecord, ScoreSheet } from './score-sheet.entity';
import { MailMessage, Notification, Reminder, ReminderPolicyRecord, ReminderRun } from './reminder.entity';
import { Evidence, EvidenceFile, EvidenceLink } from './evidence.entity';
import { AdjustmentEntry, SurveyResult } from './consolidation.entity';
import { CouncilAdjustment, CouncilMember, CouncilRefusedVote, CouncilSession } from './council.entity';
import { Publication, PublishedRanking } from './publication.entity';
import {
  AppraisalClarification,
  AppraisalTaskComment,
  AppraisalTaskConfirmation,
  InboxSavedView,
  OutOfOffice,
} from './inbox.entity';
export { AUTHORITY_LEVELS, Authority, type AuthorityLevel } from './authority.entity';
export { ORGANISATION_KINDS, Organisation, type OrganisationKind } from './organisation.entity';
export { Unit, UnitPredecessor } from './unit.entity';
export { AUTHORITY_ROLES, ROLES, User, type Role } from './user.entity';
export { Session } from './session.entity';
export { AuditEntry, AuditStream } from './audit-entry.entity';
export { Campaign } from './campaign.entity';
export { Deadline, type DeadlineStatus } from './deadline.entity';
export { OutboxMessage } from './outbox-message.entity';
export { PhaseLock } from './phase-lock.entity';
export { WorkflowState } from './workflow-state.embedded';

export { AppraisalTask, AppraisalTaskCandidate } from './appraisal-task.entity';
export { CampaignUnit } from './campaign-unit.entity';
export { ContentArea, ContentAreaAppraiser } from './content-area.entity';
export { CriteriaSetRecord } from './criteria-set.entity';
export { ScoreEntryRecord, ScoreSheet } from './score-sheet.entity';
export {
  MailMessage,
  Notification,
  Reminder,
  ReminderPolicyRecord,
  ReminderRun,
  type MailStatus,
} from './reminder.entity';
export { Evidence, EvidenceFile, EvidenceLink } from './evidence.entity';
export { AdjustmentEntry, SurveyResult, type AdjustmentKind } from './consolidation.entity';
export {
  CouncilAdjustment,
  CouncilRefusedVote,
  CouncilMember,
  CouncilSession,
  type CouncilRole,
  type CouncilSessionStatus,
} from './council.entity';
export { Publication, PublishedRanking } from './publication.entity';
export {
  AppraisalClarification,
  AppraisalTaskComment,
  AppraisalTaskConfirmation,
  InboxSavedView,
  OutOfOffice,
} from './inbox.entity';
/** Every entity, listed explicitly (no globs: the build and the CLI see the same set). */
export const ENTITIES = [
  Authority,
  Organisation,
  Unit,
  UnitPredecessor,
  User,
  Session,
  AuditEntry,
  AuditStream,
  Campaign,
  Deadline,
  OutboxMessage,
  PhaseLock,
  AppraisalTask,
  AppraisalTaskCandidate,
  CampaignUnit,
  ContentArea,
  ContentAreaAppraiser,
  CriteriaSetRecord,
  ScoreEntryRecord,
  ScoreSheet,
  EvidenceFile,
  Evidence,
  EvidenceLink,
  AppraisalTaskComment,
  InboxSavedView,
  OutOfOffice,
  AppraisalClarification,
  AppraisalTaskConfirmation,
  SurveyResult,
  AdjustmentEntry,
  CouncilSession,
  CouncilMember,
  CouncilAdjustment,
  CouncilRefusedVote,
  Publication,
  PublishedRanking,
  ReminderPolicyRecord,
  ReminderRun,
  Reminder,
  MailMessage,
  Notification,
];
