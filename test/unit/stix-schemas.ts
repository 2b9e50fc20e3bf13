/** Validation of STIX 2.1 objects against the OASIS JSON schemas (test/fixtures/stix2-json-schemas, draft 2020-12; BSD-3-Clause). */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = new URL('../../', import.meta.url).pathname;

/** The schema folder: $STIX_SCHEMAS, else the copy kept with the tests. */
export function schemaDir(): string {
  const candidates = [process.env.STIX_SCHEMAS, join(ROOT, 'test/fixtures/stix2-json-schemas/schemas')];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error('STIX 2.1 JSON schemas not found: set STIX_SCHEMAS to the schemas/ folder of oasis-open/cti-stix2-json-schemas');
}

type Validate = ((v: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
let validators: { bundle: Validate; byType: Map<string, Validate> } | undefined;

function load() {
  if (validators) return validators;
  const Ajv2020 = require('ajv/dist/2020').default;
  const addFormats = require('ajv-formats').default ?? require('ajv-formats');
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false }) // the schemas write \- in patterns, which a `u` expression refuses;
  addFormats(ajv);
  // ajv-formats has no idn-hostname: a host of labels without spaces or slashes.
  ajv.addFormat('idn-hostname', /^[^\s/@:]+(?:\.[^\s/@:.]+)*$/u);
  const dir = schemaDir();
  const byFile = new Map<string, string>();
  for (const sub of readdirSync(dir)) {
    for (const f of readdirSync(join(dir, sub)).filter((x) => x.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(join(dir, sub, f), 'utf8'));
      ajv.addSchema(schema);
      byFile.set(`${sub}/${f}`, schema.$id);
    }
  }
  const get = (file: string) => ajv.getSchema(byFile.get(file)!) as Validate;
  const byType = new Map<string, Validate>([
    ['indicator', get('sdos/indicator.json')],
    ['campaign', get('sdos/campaign.json')],
    ['relationship', get('sros/relationship.json')],
  ]);
  validators = { bundle: get('common/bundle.json'), byType };
  return validators;
}

/** Problems found (empty when valid): the bundle schema, then each object against its own type's schema. */
export function validateStix(bundle: { objects?: Array<{ type: string; id: string }> }): string[] {
  const v = load();
  const problems: string[] = [];
  if (!v.bundle(bundle)) problems.push(...(v.bundle.errors ?? []).map((e) => `bundle${e.instancePath}: ${e.message}`));
  for (const o of bundle.objects ?? []) {
    const check = v.byType.get(o.type);
    if (!check) {
      problems.push(`${o.id}: unexpected type ${o.type}`);
      continue;
    }
    if (!check(o)) problems.push(...(check.errors ?? []).map((e) => `${o.id}${e.instancePath}: ${e.message}`));
  }
  return problems;
}
