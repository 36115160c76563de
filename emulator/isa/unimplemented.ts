// The error that ends a run when an image uses something the model does not implement
// yet: a clear message naming it, instead of a wrong result.

/** Raised when an image uses something the model does not implement yet: ends the run clearly. */
export class Unimplemented extends Error {
  constructor(what: string) {
    super(`model does not implement ${what}`);
    this.name = 'Unimplemented';
  }
}
