/**
 * An operation that does not fit the model it is applied to: an id the model does not hold, a rule
 * that already exists, a route that is not there. The CLI prints it as one line, prefixed by the
 * change file (`change.json: $.operations[3]: security group sg-123 is not in the model.`), exit 2.
 */
export class WhatIfError extends Error {
  /** Index of the operation in the list applied. */
  readonly index: number;
  /** The id the problem is about, when there is one. */
  readonly id: string | undefined;
  /** The problem as a sentence, without the location. */
  readonly problem: string;

  constructor(index: number, id: string | undefined, problem: string) {
    super(`$.operations[${index}]: ${problem}`);
    this.name = 'WhatIfError';
    this.index = index;
    this.id = id;
    this.problem = problem;
  }
}
