// action.Install.NameAndChart and TemplateName for `helm template`: the release name from the arguments, from
// --name-template (rendered with Sprig and no data), or helm template's default `release-name`.
import { TemplateSet } from '../gotemplate/index.js';
import { sprigFuncs } from '../sprig/index.js';
import { HelmError } from './errors.js';

export interface NameOptions {
  generateName?: boolean;
  nameTemplate?: string;
}

/** `helm template` presets the release name, so one argument is always the chart and --generate-name never
 *  generates (a name is only refused alongside two arguments). */
const TEMPLATE_RELEASE_NAME = 'release-name';

export function nameAndChart(args: string[], o: NameOptions): { name: string; chart: string } {
  if (args.length > 2) throw new HelmError(`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`);
  if (args.length === 2) {
    if (o.generateName) throw new HelmError('cannot set --generate-name and also specify a name');
    if (o.nameTemplate) throw new HelmError('cannot set --name-template and also specify a name');
    return { name: args[0]!, chart: args[1]! };
  }
  if (o.nameTemplate) return { name: templateName(o.nameTemplate), chart: args[0]! };
  return { name: TEMPLATE_RELEASE_NAME, chart: args[0]! };
}

/** action.TemplateName: text/template named "name-template" with Sprig's TxtFuncMap, executed on nil. */
export function templateName(text: string): string {
  const set = new TemplateSet({ funcs: sprigFuncs, name: 'name-template' });
  try {
    const t = set.parse('name-template', text);
    return set.executeParsed(t, null);
  } catch (e) {
    throw new HelmError((e as Error).message);
  }
}
