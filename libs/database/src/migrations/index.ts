import { CreateOrganisations1795558179810 } from './1795558179810-CreateOrganisations';
import { CreateSessions1795558731970 } from './1795558731970-CreateSessions';
import { CreateWorkflowEngine1795558754062 } from './1795558754062-CreateWorkflowEngine';
import { CreateCampaignDomain1795559090033 } from './1795559090033-CreateCampaignDomain';
import { CreateInbox1795559517655 } from './1795559517655-CreateInbox';
import { CreatePublication1795559526031 } from './1795559526031-CreatePublication';
import { CreateEvidence1795559554992 } from './1795559554992-CreateEvidence';
import { CreateReminders1795559611667 } from './1795559611667-CreateReminders';
import { OnePhaseVocabulary1795945598280 } from './1795945598280-OnePhaseVocabulary';
import { MailSlowRetries1795957178547 } from './1795957178547-MailSlowRetries';
import { AuthoritySetup1795968747149 } from './1795968747149-AuthoritySetup';
import { NotApplicableCriteria1796000000000 } from './1796000000000-NotApplicableCriteria';
import { UnitPredecessorsNoForeignKey1796000000001 } from './1796000000001-UnitPredecessorsNoForeignKey';
import { UserInvitations1796000000002 } from './1796000000002-UserInvitations';
import { ReportJobs1796000000010 } from './1796000000010-ReportJobs';
import { CouncilVotes1796000017001 } from './1796000017001-CouncilVotes';
import { UnitExclusions1796000017002 } from './1796000017002-UnitExclusions';
import { UnitGroupNames1796000017515 } from './1796000017515-UnitGroupNames';
import { EvidenceVerdictKeys1796000018600 } from './1796000018600-EvidenceVerdictKeys';
import { CouncilRefusedVotes1796000018700 } from './1796000018700-CouncilRefusedVotes';
import { ReportJobSubjects1796000019300 } from './1796000019300-ReportJobSubjects';
import { PublicationJobs1796000020390 } from './1796000020390-PublicationJobs';
import { ConsolidationVersion1796000021000 } from './1796000021000-ConsolidationVersion';
import { UsersByOrganisation1796000022000 } from './1796000022000-UsersByOrganisation';
import { InboxCoveringIndex1796000023000 } from './1796000023000-InboxCoveringIndex';
import { ScoreEntryHasExplanation1796000024000 } from './1796000024000-ScoreEntryHasExplanation';
import { AuditHeadsOnInstances1796000025000 } from './1796000025000-AuditHeadsOnInstances';

/** Every migration, in order. Add new ones here (no globs: build, CLI and tests see the same list). */
export const MIGRATIONS: Array<new () => object> = [
  CreateOrganisations1795558179810,
  CreateSessions1795558731970,
  CreateWorkflowEngine1795558754062,
  CreateCampaignDomain1795559090033,
  CreateInbox1795559517655,
  CreatePublication1795559526031,
  CreateEvidence1795559554992,
  CreateReminders1795559611667,
  OnePhaseVocabulary1795945598280,
  MailSlowRetries1795957178547,
  AuthoritySetup1795968747149,
  NotApplicableCriteria1796000000000,
  UnitPredecessorsNoForeignKey1796000000001,
  UserInvitations1796000000002,
  ReportJobs1796000000010,
  CouncilVotes1796000017001,
  UnitExclusions1796000017002,
  UnitGroupNames1796000017515,
  EvidenceVerdictKeys1796000018600,
  CouncilRefusedVotes1796000018700,
  ReportJobSubjects1796000019300,
  PublicationJobs1796000020390,
  ConsolidationVersion1796000021000,
  UsersByOrganisation1796000022000,
  InboxCoveringIndex1796000023000,
  ScoreEntryHasExplanation1796000024000,
  AuditHeadsOnInstances1796000025000,
];
