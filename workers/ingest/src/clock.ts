/** The time source of the ingest flow: passed in, so that tests can age buffers without sleeping. */
export interface Clock {
  now(): number;
}
