import { UsageError } from './args';
import type { Io } from './io';

export async function run(_argv: readonly string[], _io: Io): Promise<number> {
  throw new UsageError("'reward preview' is not available in this build yet");
}
