// A writer to be SIGKILLed: records the synthetic session (1 s of recorded time per batch) every
// 10 ms and prints the record count each time a flush has reached the file.
// usage: node --import tsx crash-writer.ts FILE
import { RecordingWriter } from '../writer';
import { SyntheticSession } from './synthetic-session';
import { T0 } from './write-recording';

const path = process.argv[2]!;
const session = new SyntheticSession(T0);
const writer = await RecordingWriter.create(path, { forkscopeVersion: '0.1.0-test', platform: 'linux', host: 'crashhost', intervalMs: 1000, startedAt: T0 }, { clock: () => session.t });
for (;;) {
  writer.record(session.next());
  await writer.flushed();
  if (writer.error) {
    process.stderr.write(`${writer.error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${writer.recordCount}\n`);
  await new Promise((resolve) => setTimeout(resolve, 10));
}
