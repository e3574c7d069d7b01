/**
 * Input that cannot be read as a text report at all (empty, binary, unknown encoding name, …).
 * The message is shown to the seller as is, so it says what is wrong and what to do.
 */
export class ReportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportFormatError';
  }
}
