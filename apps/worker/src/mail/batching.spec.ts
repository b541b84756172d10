import { GroupCommit, Slots } from './batching';

describe('Slots', () => {
  it('should hand out several permits at once, first come first served, so partial holders cannot deadlock', async () => {
    const slots = new Slots(10);
    const order: string[] = [];
    await slots.take(6);
    const big = slots.take(8).then(() => order.push('big'));
    // Fits in what is free, but queued behind `big`: no batch starves another by taking permits one at a time.
    const small = slots.take(2).then(() => order.push('small'));
    await Promise.resolve();
    expect(order).toEqual([]);
    slots.give(6);
    await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
  });
});

describe('GroupCommit', () => {
  it('should flush a lone item at once and group the items that arrive during a flush', async () => {
    const flushed: number[][] = [];
    let release: () => void = () => undefined;
    const commit = new GroupCommit<number>(async (items) => {
      flushed.push(items);
      if (items[0] === 1) {
        await new Promise<void>((r) => (release = r));
      }
    });
    const first = commit.add(1);
    const later = [commit.add(2), commit.add(3), commit.add(4)];
    expect(flushed).toEqual([[1]]);
    release();
    await Promise.all([first, ...later]);
    expect(flushed).toEqual([[1], [2, 3, 4]]);
  });

  it('should reject every item of a failed flush and go on with the next', async () => {
    let fail = true;
    const commit = new GroupCommit<number>(() => {
      if (fail) {
        fail = false;
        return Promise.reject(new Error('database away'));
      }
      return Promise.resolve();
    });
    await expect(commit.add(1)).rejects.toThrow('database away');
    await expect(commit.add(2)).resolves.toBeUndefined();
  });
});
