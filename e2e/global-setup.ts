import { electronSkipReason } from './electron-binary';

/** Runs once per `playwright test`: says, in one line, why the electron project will skip. */
export default function globalSetup(): void {
  if (electronSkipReason) process.stdout.write(`${electronSkipReason}\n`);
}
