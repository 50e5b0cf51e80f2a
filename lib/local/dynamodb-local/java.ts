/**
 * Finding a Java runtime good enough for DynamoDB Local (17 or newer).
 */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** The oldest Java major version DynamoDB Local runs on. */
export const MIN_JAVA_MAJOR = 17;

/** What to tell someone who has no suitable Java. */
export const JAVA_INSTALL_HINT =
  `DynamoDB Local needs Java ${MIN_JAVA_MAJOR} or newer: install it ` +
  `(Debian/Ubuntu: apt-get install openjdk-${MIN_JAVA_MAJOR}-jre-headless; macOS: brew install openjdk@${MIN_JAVA_MAJOR}) ` +
  'or set JAVA_HOME to a Java 17+ installation';

/** A Java runtime that was found and checked. */
export interface JavaRuntime {
  /** Absolute path of the `java` executable. */
  readonly javaPath: string;
  /** Major version, e.g. 17 or 21. */
  readonly major: number;
  /** The version string as printed by `java -version`, e.g. `17.0.15`. */
  readonly version: string;
}

/**
 * Reads the version out of `java -version` output (which Java prints on stderr).
 * Understands both the modern (`openjdk version "17.0.15"`, `"21" 2023-09-19`, `"25-ea"`)
 * and the legacy (`java version "1.8.0_292"`) schemes.
 *
 * @returns the version string and its major number, or `undefined` if none is found.
 * @example
 * parseJavaVersion('openjdk version "17.0.15" 2025-04-15'); // { version: '17.0.15', major: 17 }
 */
export function parseJavaVersion(output: string): { version: string; major: number } | undefined {
  const match = /version "([^"]+)"/.exec(output);
  const version = match?.[1];
  if (version === undefined) {
    return undefined;
  }
  const parts = /^(\d+)(?:\.(\d+))?/.exec(version);
  if (parts?.[1] === undefined) {
    return undefined;
  }
  const first = Number(parts[1]);
  const major = first === 1 && parts[2] !== undefined ? Number(parts[2]) : first;
  return { version, major };
}

const isExecutable = async (path: string): Promise<boolean> => {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Locates `java`: `$JAVA_HOME/bin/java` when JAVA_HOME is set, otherwise the first `java` on PATH.
 *
 * @param env - environment to read JAVA_HOME and PATH from. Defaults to `process.env`.
 * @returns the absolute path, or `undefined` if there is none.
 */
export async function findJava(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const exe = process.platform === 'win32' ? 'java.exe' : 'java';
  const javaHome = env.JAVA_HOME?.trim();
  if (javaHome) {
    const candidate = join(javaHome, 'bin', exe);
    if (await isExecutable(candidate)) {
      return candidate;
    }
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') {
      continue;
    }
    const candidate = join(dir, exe);
    if (await isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

const runVersion = (javaPath: string): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(javaPath, ['-version'], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`\`${javaPath} -version\` failed: ${error.message}. ${JAVA_INSTALL_HINT}`));
        return;
      }
      resolve(`${stderr}\n${stdout}`);
    });
  });

/**
 * Finds Java and checks it is version 17 or newer.
 *
 * @param env - environment to read JAVA_HOME and PATH from. Defaults to `process.env`.
 * @throws Error whose message says what to install when Java is missing or too old.
 * @example
 * const { javaPath } = await requireJava();
 */
export async function requireJava(env: NodeJS.ProcessEnv = process.env): Promise<JavaRuntime> {
  const javaPath = await findJava(env);
  if (javaPath === undefined) {
    throw new Error(`No \`java\` found (looked in JAVA_HOME and PATH). ${JAVA_INSTALL_HINT}.`);
  }
  const output = await runVersion(javaPath);
  const parsed = parseJavaVersion(output);
  if (parsed === undefined) {
    throw new Error(
      `Could not read the version of ${javaPath} from \`java -version\`: ${output.trim()}. ${JAVA_INSTALL_HINT}.`,
    );
  }
  if (parsed.major < MIN_JAVA_MAJOR) {
    throw new Error(`${javaPath} is Java ${parsed.version}, which is too old. ${JAVA_INSTALL_HINT}.`);
  }
  return { javaPath, ...parsed };
}
