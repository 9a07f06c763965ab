// A mistake in the command line: main prints it with the usage and exits 2. Its own module so that every
// command's option parser can throw it without importing another command's parser.
export class UsageError extends Error {
  override readonly name = "UsageError";
}
