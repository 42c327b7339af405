/**
 * How every change runs: one command in one transaction (UnitOfWork), then what changed is
 * published. Services take an `Executor` rather than the hub.
 *
 * A storage error (disk full, read-only or failing disk) is not thrown: the transaction has rolled
 * back, the storage monitor is told (services/storage-health.ts), and the caller gets
 * `storage_unavailable`, so no write path — a command, a device connecting, a timer — ends the hub.
 */
import { fail, type Result } from '@motcua/shared';
import type { Publisher } from './publisher';
import { isStorageError, type StorageHealth } from './storage-health';
import type { Actor, Changes, Tx, UnitOfWork } from './unit-of-work';

export interface Executor {
  /** Runs `fn` in one transaction as `actor`, then pushes what changed. */
  exec<T>(actor: Actor, fn: (tx: Tx) => Result<T>): Result<T>;
}

export class PublishingExecutor implements Executor {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly publisher: Pick<Publisher, 'publish'>,
    private readonly storage: Pick<StorageHealth, 'failed'> | null = null,
  ) {}

  exec<T>(actor: Actor, fn: (tx: Tx) => Result<T>): Result<T> {
    let ran: { result: Result<T>; changes: Changes | null };
    try {
      ran = this.uow.run(actor, fn);
    } catch (e) {
      if (!this.storage || !isStorageError(e)) throw e;
      this.storage.failed(e, 'write');
      return fail('storage_unavailable', e.code);
    }
    const { result, changes } = ran;
    if (changes) this.publisher.publish(changes);
    return result;
  }
}
