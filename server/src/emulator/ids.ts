import { randomBytes } from 'node:crypto';

/** Unique, cheap identifiers: one random prefix per emulator, then a counter. */
export class IdSource {
  readonly #prefix = randomBytes(6).toString('hex');
  #counter = 0;

  /** A new id like `chatcmpl-3f9a0c1b2d4e0001`. */
  next(kind: string): string {
    this.#counter += 1;
    return `${kind}${this.#prefix}${this.#counter.toString(16).padStart(8, '0')}`;
  }
}
