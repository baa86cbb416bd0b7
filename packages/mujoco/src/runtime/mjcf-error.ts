import { FieldError } from '@prunerl/core';

/**
 * An MJCF model MuJoCo refused to load. `mujocoMessage` is MuJoCo's own report (the XML parser's or
 * the model compiler's, e.g. `XML Error: Schema violation: unrecognized element`), verbatim; the
 * message names the model and repeats it.
 */
export class MjcfError extends FieldError {
  /** MuJoCo's error text, as its parser or compiler wrote it. */
  readonly mujocoMessage: string;

  constructor(model: string, xml: string, mujocoMessage: string, options?: { cause?: unknown }) {
    super(
      'PRUNERL_MJCF',
      { field: `MJCF model "${model}"`, value: xml, expected: 'an MJCF model MuJoCo loads', hint: `MuJoCo: ${mujocoMessage.trim()}` },
      options,
    );
    this.mujocoMessage = mujocoMessage.trim();
  }
}
