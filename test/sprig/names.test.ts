// The table has every name of Sprig v3.3.0's genericMap, and real helm knows each one we define (a template that
// mentions an undefined function fails to parse).
import { execa } from 'execa';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sprigFuncs } from '../../src/sprig/index.js';
import { helmBinary } from './harness.js';

const GENERIC_MAP = [
  'abbrev', 'abbrevboth', 'add', 'add1', 'add1f', 'addf', 'adler32sum', 'ago', 'all', 'any', 'append', 'atoi',
  'b32dec', 'b32enc', 'b64dec', 'b64enc', 'base', 'bcrypt', 'biggest', 'buildCustomCert', 'camelcase', 'cat', 'ceil',
  'chunk', 'clean', 'coalesce', 'compact', 'concat', 'contains', 'date', 'dateInZone', 'dateModify', 'date_in_zone',
  'date_modify', 'decryptAES', 'deepCopy', 'deepEqual', 'default', 'derivePassword', 'dict', 'dig', 'dir', 'div',
  'divf', 'duration', 'durationRound', 'empty', 'encryptAES', 'env', 'expandenv', 'ext', 'fail', 'first', 'float64',
  'floor', 'fromJson', 'genCA', 'genCAWithKey', 'genPrivateKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey',
  'genSignedCert', 'genSignedCertWithKey', 'get', 'getHostByName', 'has', 'hasKey', 'hasPrefix', 'hasSuffix',
  'hello', 'htmlDate', 'htmlDateInZone', 'htpasswd', 'indent', 'initial', 'initials', 'int', 'int64', 'isAbs',
  'join', 'kebabcase', 'keys', 'kindIs', 'kindOf', 'last', 'list', 'lower', 'max', 'maxf', 'merge', 'mergeOverwrite',
  'min', 'minf', 'mod', 'mul', 'mulf', 'mustAppend', 'mustChunk', 'mustCompact', 'mustDateModify', 'mustDeepCopy',
  'mustFirst', 'mustFromJson', 'mustHas', 'mustInitial', 'mustLast', 'mustMerge', 'mustMergeOverwrite',
  'mustPrepend', 'mustRegexFind', 'mustRegexFindAll', 'mustRegexMatch', 'mustRegexReplaceAll',
  'mustRegexReplaceAllLiteral', 'mustRegexSplit', 'mustRest', 'mustReverse', 'mustSlice', 'mustToDate', 'mustToJson',
  'mustToPrettyJson', 'mustToRawJson', 'mustUniq', 'mustWithout', 'must_date_modify', 'nindent', 'nospace', 'now',
  'omit', 'osBase', 'osClean', 'osDir', 'osExt', 'osIsAbs', 'pick', 'pluck', 'plural', 'prepend', 'quote',
  'randAlpha', 'randAlphaNum', 'randAscii', 'randBytes', 'randInt', 'randNumeric', 'regexFind', 'regexFindAll',
  'regexMatch', 'regexQuoteMeta', 'regexReplaceAll', 'regexReplaceAllLiteral', 'regexSplit', 'repeat', 'replace',
  'rest', 'reverse', 'round', 'semver', 'semverCompare', 'seq', 'set', 'sha1sum', 'sha256sum', 'sha512sum',
  'shuffle', 'slice', 'snakecase', 'sortAlpha', 'split', 'splitList', 'splitn', 'squote', 'sub', 'subf', 'substr',
  'swapcase', 'ternary', 'title', 'toDate', 'toDecimal', 'toJson', 'toPrettyJson', 'toRawJson', 'toString',
  'toStrings', 'trim', 'trimAll', 'trimPrefix', 'trimSuffix', 'trimall', 'trunc', 'tuple', 'typeIs', 'typeIsLike',
  'typeOf', 'uniq', 'unixEpoch', 'unset', 'until', 'untilStep', 'untitle', 'upper', 'urlJoin', 'urlParse', 'uuidv4',
  'values', 'without', 'wrap', 'wrapWith',
];

/** Functions Helm deletes from Sprig's table. */
const REMOVED_BY_HELM = ['env', 'expandenv'];

it('defines all 209 names of genericMap', () => {
  expect(GENERIC_MAP).toHaveLength(209);
  expect(GENERIC_MAP.filter((n) => !(n in sprigFuncs))).toEqual([]);
});

describe('helm v3.17.3 parses every name we define', () => {
  it('has no name helm does not know', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sprig-names-'));
    const chart = join(root, 'names');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: names\nversion: 0.1.0\n');
    const known = Object.keys(sprigFuncs).filter((n) => !REMOVED_BY_HELM.includes(n));
    await writeFile(join(chart, 'templates', 'all.yaml'), known.map((n) => `{{ if false }}{{ ${n} }}{{ end }}`).join('\n'));
    const env = ['-i', `HOME=${root}`, 'PATH=/usr/bin:/bin', 'TZ=UTC', 'LC_ALL=C'];
    const r = await execa('env', [...env, helmBinary(), 'template', 'names', chart, '--kube-version', '1.30.0'], { reject: false });
    expect(r.stderr).toBe('');
  });
});
