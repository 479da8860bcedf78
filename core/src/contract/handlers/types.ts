import type { CallContext } from '../define.ts';
import type { OperationName, OpOutput, OpParsed } from '../operations.ts';

export type Handler<N extends OperationName> = (input: OpParsed<N>, ctx: CallContext) => OpOutput<N> | Promise<OpOutput<N>>;

/** One implementation per operation; the compiler insists every operation has one. */
export type Handlers = { [N in OperationName]: Handler<N> };
