// The in-process engine: src/helm's reimplementation of `helm template`.
import { HelmError } from '../helm/errors.js';
import { helmTemplate } from '../helm/template.js';
import { EngineError, type Engine, type TemplateRequest } from './types.js';

export const nativeEngine: Engine = {
  name: 'native',
  async template(chartDir: string, req: TemplateRequest): Promise<string> {
    try {
      return helmTemplate(chartDir, req);
    } catch (e) {
      if (e instanceof HelmError) throw new EngineError(e.message, 'native');
      throw e;
    }
  },
};
