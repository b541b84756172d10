/**
 * Two small concurrency tools of the mail sender: a counting semaphore that takes several permits at once (a batch
 * claim never holds half of what it needs, so batches cannot starve each other into a deadlock), and a group commit.
 */
export class Slots {
  private readonly waiting: Array<{ n: number; wake: () => void }> = [];

  constructor(private free: number) {}

  /** Waits until `n` permits are free together (first come, first served). */
  take(n: number): Promise<void> {
    if (n <= 0) {
      return Promise.resolve();
    }
    if (this.waiting.length === 0 && this.free >= n) {
      this.free -= n;
      return Promise.resolve();
    }
    return new Promise((wake) => this.waiting.push({ n, wake }));
  }

  give(n: number): void {
    this.free += n;
    while (this.waiting.length > 0 && this.free >= this.waiting[0].n) {
      const next = this.waiting.shift()!;
      this.free -= next.n;
      next.wake();
    }
  }
}

/**
 * Group commit: `add` resolves once its item has been flushed. Items that arrive while a flush runs go together in
 * the next one; a lone item is flushed at once (nothing ever waits for company).
 */
export class GroupCommit<T> {
  private pending: Array<{ item: T; resolve: () => void; reject: (error: unknown) => void }> = [];
  private flushing = false;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly maxItems = 200,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.flushing) {
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const group = this.pending.splice(0, this.maxItems);
      try {
        await this.flush(group.map((g) => g.item));
        group.forEach((g) => g.resolve());
      } catch (error) {
        group.forEach((g) => g.reject(error));
      }
    }
    this.flushing = false;
  }
}
