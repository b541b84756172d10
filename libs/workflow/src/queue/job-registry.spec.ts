import {
  JOBS,
  JOB_NAMES,
  REPORT_QUEUES,
  WORKER_QUEUES,
  assertHandlersCoverRegistry,
  jobId,
  type JobName,
} from '@lib/workflow';

const handler = () => Promise.resolve();

describe('job registry', () => {
  it('should accept exactly one handler per registered job', () => {
    const found = new Map(JOB_NAMES.map((name) => [name, [handler]] as [JobName, Array<typeof handler>]));
    expect(assertHandlersCoverRegistry(found).size).toBe(JOB_NAMES.length);
  });

  it('should refuse to start when a job has no handler', () => {
    const found = new Map(JOB_NAMES.slice(1).map((name) => [name, [handler]] as [JobName, Array<typeof handler>]));
    expect(() => assertHandlersCoverRegistry(found)).toThrow(`job "${JOB_NAMES[0]}" has no handler`);
  });

  it('should refuse to start when a job has two handlers', () => {
    const found = new Map(JOB_NAMES.map((name) => [name, [handler]] as [JobName, Array<typeof handler>]));
    found.set(JOB_NAMES[0], [handler, handler]);
    expect(() => assertHandlersCoverRegistry(found)).toThrow('has 2 handlers');
  });

  it('should check only the queues a process consumes: the worker without reports, the reports process alone', () => {
    const of = (queues: readonly string[]) =>
      new Map(
        JOB_NAMES.filter((n) => queues.includes(JOBS[n].queue)).map(
          (name) => [name, [handler]] as [JobName, Array<typeof handler>],
        ),
      );
    expect(assertHandlersCoverRegistry(of(WORKER_QUEUES), WORKER_QUEUES).has('reports.build')).toBe(false);
    expect([...assertHandlersCoverRegistry(of(REPORT_QUEUES), REPORT_QUEUES).keys()]).toEqual([
      'reports.build',
      'evidence.recheck',
      'reports.sweep',
    ]);
    // A handler of a queue the process does not consume would never run.
    expect(() => assertHandlersCoverRegistry(of(JOB_NAMES.map((n) => JOBS[n].queue)), WORKER_QUEUES)).toThrow(
      'which this process does not consume',
    );
  });

  it('should make job ids BullMQ accepts: no colon, never all digits', () => {
    expect(jobId('deadline', 12, 'gen:3')).toBe('deadline-12-gen_3');
    expect(jobId(42)).toBe('j-42');
  });
});
