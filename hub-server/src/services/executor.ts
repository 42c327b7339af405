/**
 * How every change runs: one command in one transaction (UnitOfWork), then what changed is
 * published. Services take an `Executor` rather than the hub.
 */
import type { Result } from '@motcua/shared';
import type { Publisher } from './publisher';
import type { Actor, Tx, UnitOfWork } from './unit-of-work';

export interface Executor {
  /** Runs `fn` in one transaction as `actor`, then pushes what changed. */
  exec<T>(actor: Actor, fn: (tx: Tx) => Result<T>): Result<T>;
}

export class PublishingExecutor implements Executor {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly publisher: Pick<Publisher, 'publish'>,
  ) {}

  exec<T>(actor: Actor, fn: (tx: Tx) => Result<T>): Result<T> {
    const { result, changes } = this.uow.run(actor, fn);
    if (changes) this.publisher.publish(changes);
    return result;
  }
}
