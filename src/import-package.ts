// import() of an ES module package chosen at run time (kubernetes-models: one module per kind). The bundled CLI is a
// script compiled from a V8 code cache, and there Node 20 has no loader for import(); its launcher, a real module,
// lends its own through useImporter.
type Importer = (specifier: string) => Promise<Record<string, any>>;

let importer: Importer = (specifier) => import(specifier);

export function useImporter(fn: Importer): void {
  importer = fn;
}

export function importPackage(specifier: string): Promise<Record<string, any>> {
  return importer(specifier);
}
