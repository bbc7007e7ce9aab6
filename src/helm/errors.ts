// The error `helm template` reports; the message is the text helm prints after `Error: `.
export class HelmError extends Error {
  override name = 'HelmError';
}
