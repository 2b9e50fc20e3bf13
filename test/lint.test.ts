/** The floors of the house, as lint rules: code that breaks one is reported (eslint.config.js). */
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import floors', () => {
  test('a pipeline stage may import another stage, not the model, io or cli, nor the file system', async () => {
    expect(await problems('src/normalize/example.ts', "import { detectLanguage } from '../lang/index.js';\nexport const f = detectLanguage;\n")).toEqual([]);
    const bad = await problems('src/tokenize/example.ts', "import { readFileSync } from 'node:fs';\nimport { readModel } from '../io/modelfile.js';\nimport { trainModel } from '../model/train.js';\nexport const f = [readFileSync, readModel, trainModel];\n");
    expect(bad).toEqual([
      "no-restricted-imports: 'node:fs' import is restricted from being used. Only src/io touches the file system.",
      "no-restricted-imports: '../io/modelfile.js' import is restricted from being used by a pattern. A pipeline stage imports only other stages.",
      "no-restricted-imports: '../model/train.js' import is restricted from being used by a pattern. A pipeline stage imports only other stages.",
    ]);
  });

  test('the model does not import score, io or cli; only cli imports commander and chalk', async () => {
    expect(await problems('src/model/example.ts', "import { scoreText } from '../score.js';\nexport const f = scoreText;\n")).toHaveLength(1);
    expect(await problems('src/io/example.ts', "import chalk from 'chalk';\nexport const f = chalk;\n")).toEqual(["no-restricted-imports: 'chalk' import is restricted from being used. Only src/cli may use chalk."]);
    expect(await problems('src/cli/example.ts', "import chalk from 'chalk';\nimport { Command } from 'commander';\nexport const f = [chalk, Command];\n")).toEqual([]);
    expect(await problems('src/cli/example.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toHaveLength(1);
  });
});
