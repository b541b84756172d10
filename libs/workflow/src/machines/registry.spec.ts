import { assign, setup } from 'xstate';
import appraisalTaskV1 from './__fixtures__/appraisal-task.v1.awaiting-clarification.json';
import campaignV1 from './__fixtures__/campaign.v1.approval.json';
import scoreSheetV1 from './__fixtures__/score-sheet.v1.clarification-requested.json';
import { WorkflowMachineError } from './errors';
import {
  MACHINE_DEFINITIONS,
  createMachineRegistry,
  getMachine,
  latestVersion,
  startInstance,
  stepInstance,
} from './registry';

/**
 * A hypothetical scoreSheet v2: `clarificationRequested` renamed to `awaitingClarification` and a new
 * context field. Instances stored under v1 must keep running on v1.
 */
const scoreSheetV2 = setup({
  types: { context: {} as { sheetId: string; reviewRound: number }, input: {} as { sheetId: string } },
  actions: { emit: (_: unknown, _effect: unknown) => undefined },
}).createMachine({
  id: 'scoreSheet',
  version: '2',
  context: ({ input }) => ({ sheetId: input.sheetId, reviewRound: 0 }),
  initial: 'draft',
  states: {
    draft: { on: { 'sheet.submitted': { target: 'awaitingClarification', actions: assign({ reviewRound: 1 }) } } },
    awaitingClarification: {},
  },
});

const withV2 = () =>
  createMachineRegistry([...MACHINE_DEFINITIONS, { id: 'scoreSheet', version: 2, machine: scoreSheetV2 }]);

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof WorkflowMachineError ? error.code : `not a WorkflowMachineError: ${String(error)}`;
  }
  return undefined;
};

describe('machine registry', () => {
  it('should register version 1 of the three machines', () => {
    expect(MACHINE_DEFINITIONS.map(({ id, version }) => `${id}@${version}`)).toEqual([
      'campaign@1',
      'scoreSheet@1',
      'appraisalTask@1',
    ]);
    expect(latestVersion('scoreSheet')).toBe(1);
    expect(getMachine('campaign').machine.id).toBe('campaign');
  });

  it('should throw a clear error for an unknown machine or version', () => {
    expect(() => getMachine('budget')).toThrow(
      'Unknown machine "budget"; known machines: campaign, scoreSheet, appraisalTask',
    );
    expect(() => getMachine('campaign', 9)).toThrow('Machine "campaign" has no version 9; registered versions: 1');
    expect(codeOf(() => stepInstance('campaign', 9, campaignV1.snapshot, { type: 'campaign.archived' }))).toBe(
      'UNKNOWN_MACHINE_VERSION',
    );
    expect(codeOf(() => startInstance('budget', {}))).toBe('UNKNOWN_MACHINE');
  });

  it('should refuse to register the same version twice or a definition whose id differs from the machine', () => {
    expect(codeOf(() => createMachineRegistry([...MACHINE_DEFINITIONS, MACHINE_DEFINITIONS[0]]))).toBe(
      'DUPLICATE_MACHINE_VERSION',
    );
    expect(codeOf(() => createMachineRegistry([{ id: 'sheet', version: 1, machine: scoreSheetV2 }]))).toBe(
      'INVALID_INPUT',
    );
  });

  it('should keep restoring stored v1 fixtures of every machine with the current build', () => {
    expect(
      stepInstance('scoreSheet', 1, scoreSheetV1.snapshot, { type: 'clarification.answered', contentArea: 'tthc' }),
    ).toMatchObject({ changed: true, value: 'clarified' });
    expect(
      stepInstance('campaign', 1, campaignV1.snapshot, { type: 'leadership.approved', by: 'chairman' }),
    ).toMatchObject({ changed: true, value: 'approval' });
    expect(
      stepInstance('appraisalTask', 1, appraisalTaskV1.snapshot, { type: 'clarification.answered' }),
    ).toMatchObject({ changed: true, value: 'inReview' });
    for (const fixture of [scoreSheetV1, campaignV1, appraisalTaskV1]) {
      const unchanged = stepInstance(fixture.machine.id, fixture.machine.version, fixture.snapshot, {
        type: 'nothing.happened',
      });
      expect(unchanged).toMatchObject({ changed: false, effects: [], value: fixture.value });
      expect(unchanged.snapshot).toEqual(fixture.snapshot);
    }
  });

  it('should restore a stored v1 snapshot on v1 after a v2 is registered, while new instances start on v2', () => {
    const registry = withV2();
    expect(registry.latestVersion('scoreSheet')).toBe(2);

    const fresh = registry.startInstance('scoreSheet', { sheetId: '43' });
    expect(fresh).toMatchObject({
      machine: { id: 'scoreSheet', version: 2 },
      value: 'draft',
      snapshot: { context: { sheetId: '43', reviewRound: 0 } },
    });

    const resumed = registry.stepInstance('scoreSheet', 1, scoreSheetV1.snapshot, {
      type: 'clarification.answered',
      contentArea: 'tthc',
    });
    expect(resumed).toMatchObject({ changed: true, value: 'clarified', machine: { id: 'scoreSheet', version: 1 } });
    expect(resumed.snapshot.context).toEqual({ ...scoreSheetV1.snapshot.context, openClarifications: [] });
    expect(registry.stepInstance('scoreSheet', 1, resumed.snapshot, { type: 'appraisal.completed' }).value).toBe(
      'appraised',
    );
  });

  it('should refuse to restore a v1 snapshot with the v2 definition, naming the missing state', () => {
    const registry = withV2();
    expect(() =>
      registry.stepInstance('scoreSheet', 2, scoreSheetV1.snapshot, { type: 'appraisal.completed' }),
    ).toThrow(/Snapshot for scoreSheet v2 cannot be restored: .*clarificationRequested/);
  });

  it('should refuse what is not a persisted snapshot', () => {
    const event = { type: 'appraisal.completed' };
    expect(codeOf(() => stepInstance('scoreSheet', 1, null, event))).toBe('INVALID_SNAPSHOT');
    expect(codeOf(() => stepInstance('scoreSheet', 1, '{"status":"active"}', event))).toBe('INVALID_SNAPSHOT');
    expect(codeOf(() => stepInstance('scoreSheet', 1, { ...scoreSheetV1.snapshot, status: 'error' }, event))).toBe(
      'INVALID_SNAPSHOT',
    );
    expect(codeOf(() => stepInstance('scoreSheet', 1, { ...scoreSheetV1.snapshot, context: undefined }, event))).toBe(
      'INVALID_SNAPSHOT',
    );
    expect(codeOf(() => stepInstance('scoreSheet', 1, { ...scoreSheetV1.snapshot, value: 'nowhere' }, event))).toBe(
      'INVALID_SNAPSHOT',
    );
  });

  it('should refuse events without a domain type', () => {
    expect(codeOf(() => stepInstance('scoreSheet', 1, scoreSheetV1.snapshot, {} as never))).toBe('INVALID_EVENT');
    expect(codeOf(() => stepInstance('scoreSheet', 1, scoreSheetV1.snapshot, { type: 'xstate.init' }))).toBe(
      'INVALID_EVENT',
    );
  });

  it('should report invalid input as INVALID_INPUT', () => {
    expect(codeOf(() => startInstance('scoreSheet', { sheetId: 42, campaignId: 3, unitId: 'u1' }))).toBe(
      'INVALID_INPUT',
    );
    expect(codeOf(() => startInstance('campaign', undefined))).toBe('INVALID_INPUT');
  });
});
