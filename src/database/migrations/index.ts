import { InitialSchema1763792000000 } from './1763792000000-initial-schema.js';
import { ReferenceGeography1763792100000 } from './1763792100000-reference-geography.js';
import { BudgetLinesAndCanon1763792200000 } from './1763792200000-budget-lines-and-canon.js';
import { Projects1763792300000 } from './1763792300000-projects.js';
import { EclacClassification1763792400000 } from './1763792400000-eclac-classification.js';
import { Analyses1763792500000 } from './1763792500000-analyses.js';
import { ApiKeys1763792600000 } from './1763792600000-api-keys.js';
import { AuditTrail1763792700000 } from './1763792700000-audit-trail.js';
import { NameAreas1763792800000 } from './1763792800000-name-areas.js';
import { MonthlyGrain1763792900000 } from './1763792900000-monthly-grain.js';
import { BudgetLinePartitions1763793000000 } from './1763793000000-budget-line-partitions.js';
import { Rollups1763793100000 } from './1763793100000-rollups.js';
import { CurrentSnapshots1763793200000 } from './1763793200000-current-snapshots.js';
import { DataVersionNotify1763793300000 } from './1763793300000-data-version-notify.js';
import { CoarserRollups1763793400000 } from './1763793400000-coarser-rollups.js';
import { DepartmentRollups1763793500000 } from './1763793500000-department-rollups.js';
import { ImportDeletionAudit1763793600000 } from './1763793600000-import-deletion-audit.js';
import { SharedRateLimits1763793900000 } from './1763793900000-shared-rate-limits.js';
import { ApiKeyWithoutPrefix1763794000000 } from './1763794000000-api-key-without-prefix.js';
import { ImportLease1763794100000 } from './1763794100000-import-lease.js';
import { DepartmentClassifierSums1763794200000 } from './1763794200000-department-classifier-sums.js';
import { ProjectAndClassifierGrains1763794300000 } from './1763794300000-project-and-classifier-grains.js';
import { PlanningGapRollup1763794400000 } from './1763794400000-planning-gap-rollup.js';
import { CanonDistribution1763794500000 } from './1763794500000-canon-distribution.js';
import { ImportErrorMessageKey1763794600000 } from './1763794600000-import-error-message-key.js';
import { WorkFollowUps1763794700000 } from './1763794700000-work-follow-ups.js';
import { CommitmentsAndConflicts1763794800000 } from './1763794800000-commitments-and-conflicts.js';
import { BudgetFunctionLines1763794830000 } from './1763794830000-budget-function-lines.js';
import { AlertsAndWebhooks1763795000000 } from './1763795000000-alerts-and-webhooks.js';
import { PriceIndex1763795200000 } from './1763795200000-price-index.js';
import { ImportWarnings1763795300000 } from './1763795300000-import-warnings.js';
import { ImportSpool1763795400000 } from './1763795400000-import-spool.js';
import { ProjectDepartmentRollup1763795500000 } from './1763795500000-project-department-rollup.js';
import { CanonReceivedCurrent1763795600000 } from './1763795600000-canon-received-current.js';
import { ProjectScopeRollup1763795700000 } from './1763795700000-project-scope-rollup.js';
import { RollupRepair1763795800000 } from './1763795800000-rollup-repair.js';
import { MonthlyArrays1763795900000 } from './1763795900000-monthly-arrays.js';
import { ImportDateUnknown1763796000000 } from './1763796000000-import-date-unknown.js';
import { ImportResent1763796100000 } from './1763796100000-import-resent.js';

/** Every migration, in order. A new one is added here as well as in its own file. */
export const migrations = [
  InitialSchema1763792000000,
  ReferenceGeography1763792100000,
  BudgetLinesAndCanon1763792200000,
  Projects1763792300000,
  EclacClassification1763792400000,
  Analyses1763792500000,
  ApiKeys1763792600000,
  AuditTrail1763792700000,
  NameAreas1763792800000,
  MonthlyGrain1763792900000,
  BudgetLinePartitions1763793000000,
  Rollups1763793100000,
  CurrentSnapshots1763793200000,
  DataVersionNotify1763793300000,
  CoarserRollups1763793400000,
  DepartmentRollups1763793500000,
  ImportDeletionAudit1763793600000,
  SharedRateLimits1763793900000,
  ApiKeyWithoutPrefix1763794000000,
  ImportLease1763794100000,
  DepartmentClassifierSums1763794200000,
  ProjectAndClassifierGrains1763794300000,
  PlanningGapRollup1763794400000,
  CanonDistribution1763794500000,
  ImportErrorMessageKey1763794600000,
  WorkFollowUps1763794700000,
  CommitmentsAndConflicts1763794800000,
  BudgetFunctionLines1763794830000,
  AlertsAndWebhooks1763795000000,
  PriceIndex1763795200000,
  ImportWarnings1763795300000,
  ImportSpool1763795400000,
  ProjectDepartmentRollup1763795500000,
  CanonReceivedCurrent1763795600000,
  ProjectScopeRollup1763795700000,
  RollupRepair1763795800000,
  MonthlyArrays1763795900000,
  ImportDateUnknown1763796000000,
  ImportResent1763796100000,
];
