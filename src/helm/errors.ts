// The error `helm template` reports; the message is the text helm prints after `Error: `.
export class HelmError extends Error {
  override name = 'HelmError';
  /** `stackExhausted`: the JS stack ran out while rendering; on a deeper stack the chart may render. */
  constructor(
    message: string,
    readonly stackExhausted = false,
  ) {
    super(message);
  }
}
