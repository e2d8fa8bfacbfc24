// `npm test` on a Node older than the one Forkscope needs would run and fail hundreds of tests for one reason:
// this module, imported first by scripts/test.js, says so in one line and stops before anything runs.
export const NEEDED_NODE = '22.12';

/** The line to print when `version` (like process.versions.node) is too old, or null when it is new enough. */
export function nodeVersionProblem(version) {
  const [major, minor] = version.split('.').map(Number);
  const [needMajor, needMinor] = NEEDED_NODE.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return null;
  return (
    `npm test needs Node ${NEEDED_NODE} or newer, and this is Node ${version}: ` +
    'install Node 22 LTS or newer (https://nodejs.org, or `nvm install 22`), then run npm test again'
  );
}

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
