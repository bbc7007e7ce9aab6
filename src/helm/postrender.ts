// pkg/postrender's exec renderer: the rendered manifests on the executable's stdin, its stdout in their place.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { HelmError } from './errors.js';

export interface PostRenderer {
  /** The absolute path helm resolved the executable to (it names it in errors). */
  path: string;
  args: string[];
}

/** postrender.NewExec's getFullPath: a name without `/` is looked up in PATH (exec.LookPath), a path is taken as
 *  given; either must be an executable file. The error is the flag's: helm checks it while parsing --post-renderer. */
export function findPostRenderer(binary: string, args: string[], path = process.env['PATH'] ?? ''): PostRenderer {
  return { path: resolve(lookPath(binary, path)), args };
}

function lookPath(file: string, pathList: string): string {
  if (file.includes('/')) {
    const err = executableError(file);
    if (err === undefined) return file;
    throw new HelmError(`unable to find binary at ${file}: exec: ${JSON.stringify(file)}: ${err}`);
  }
  for (const dir of pathList.split(delimiter)) {
    const candidate = join(dir === '' ? '.' : dir, file);
    if (executableError(candidate) === undefined) {
      // Go refuses a match found through a relative PATH entry (exec.ErrDot).
      if (!candidate.startsWith('/')) {
        throw new HelmError(
          `unable to find binary at ${file}: exec: ${JSON.stringify(file)}: cannot run executable found relative to current directory`,
        );
      }
      return candidate;
    }
  }
  throw new HelmError(`unable to find binary at ${file}: exec: ${JSON.stringify(file)}: executable file not found in $PATH`);
}

/** findExecutable: undefined for a regular file with an execute bit, else Go's error text. */
function executableError(path: string): string | undefined {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `stat ${path}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'ENOTDIR' ? 'not a directory' : (e as Error).message}`;
  }
  if (isDir) return 'is a directory';
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    return 'permission denied';
  }
}

/** execRender.Run: errors as helm wraps them (`error while running command … error output:\n<stderr>: exit status N`). */
export function runPostRenderer(pr: PostRenderer, input: string | Uint8Array): Buffer {
  const r = spawnSync(pr.path, pr.args, { input, maxBuffer: 1024 * 1024 * 1024 });
  const stderr = r.stderr?.toString() ?? '';
  let cause: string | undefined;
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    cause = `fork/exec ${pr.path}: ${code === 'ENOEXEC' ? 'exec format error' : code === 'EACCES' ? 'permission denied' : r.error.message}`;
  } else if (r.signal) cause = `signal: ${signalName(r.signal)}`;
  else if (r.status !== 0) cause = `exit status ${r.status}`;
  if (cause !== undefined) {
    throw new HelmError(`error while running post render on files: error while running command ${pr.path}. error output:\n${stderr}: ${cause}`);
  }
  return r.stdout;
}

/** Go's os.Signal String() for the signals a post-renderer plausibly dies of. */
function signalName(signal: NodeJS.Signals): string {
  const names: Partial<Record<NodeJS.Signals, string>> = {
    SIGKILL: 'killed',
    SIGTERM: 'terminated',
    SIGINT: 'interrupt',
    SIGSEGV: 'segmentation fault',
    SIGABRT: 'aborted',
    SIGPIPE: 'broken pipe',
    SIGHUP: 'hangup',
    SIGQUIT: 'quit',
  };
  return names[signal] ?? signal;
}
