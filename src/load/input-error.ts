/**
 * Bad input: one line naming the file, the JSON path and the problem. The CLI prints the message
 * as it is and exits 2, so the message must read as a full sentence a user can act on.
 */
export class InputError extends Error {
  readonly file: string;
  readonly jsonPath: string;
  readonly problem: string;

  constructor(file: string, jsonPath: string, problem: string) {
    super(jsonPath ? `${file}: ${jsonPath}: ${problem}` : `${file}: ${problem}`);
    this.name = 'InputError';
    this.file = file;
    this.jsonPath = jsonPath;
    this.problem = problem;
  }
}
