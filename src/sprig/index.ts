// Sprig v3.3.0's function table (genericMap) as Helm 3.17 ships it, assembled from one module per Sprig group.
import type { FuncMap } from '../gotemplate/values.js';
import { cryptoFuncs } from './crypto.js';
import { dateFuncs } from './date.js';
import { defaultFuncs } from './defaults.js';
import { dictFuncs } from './dicts.js';
import { encodingFuncs } from './encoding.js';
import { jsonFuncs } from './json.js';
import { listFuncs } from './lists.js';
import { miscFuncs } from './misc.js';
import { numericFuncs } from './numeric.js';
import { pathFuncs } from './paths.js';
import { reflectionFuncs } from './reflection.js';
import { regexFuncs } from './regex.js';
import { semverFuncs } from './semver.js';
import { stringFuncs } from './strings.js';
import { urlFuncs } from './urls.js';

export const sprigFuncs: FuncMap = {
  ...dateFuncs,
  ...stringFuncs,
  ...numericFuncs,
  ...defaultFuncs,
  ...jsonFuncs,
  ...listFuncs,
  ...dictFuncs,
  ...regexFuncs,
  ...encodingFuncs,
  ...pathFuncs,
  ...reflectionFuncs,
  ...semverFuncs,
  ...urlFuncs,
  ...miscFuncs,
  ...cryptoFuncs,
};
