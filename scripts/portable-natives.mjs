// Run by `npm run package` before vsce. tree-sitter's upstream linux-x64 prebuild needs
// libstdc++ from GCC 13 (GLIBCXX_3.4.31), which Debian 12, Ubuntu 22.04 and RHEL 9 do
// not have, so the server could not start there. `npm install` compiles tree-sitter
// from source when the prebuild does not load; when that local build needs an older
// libstdc++ than the prebuild, it replaces the prebuild that goes into the VSIX.
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const prebuild = path.join(root, 'node_modules/tree-sitter/prebuilds/linux-x64/tree-sitter.node');
const localBuild = path.join(root, 'node_modules/tree-sitter/build/Release/tree_sitter_runtime_binding.node');

/** The newest GLIBCXX symbol version an ELF file asks for (0 when it needs none), read from its version strings. */
export function requiredGlibcxx(file) {
  const text = fs.readFileSync(file).toString('latin1');
  let newest = 0;
  for (const match of text.matchAll(/GLIBCXX_3\.4\.(\d+)/g)) newest = Math.max(newest, Number(match[1]));
  return newest;
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log('portable-natives: not on linux-x64, the upstream prebuilds are packaged as they are');
} else if (!fs.existsSync(localBuild)) {
  console.log(`portable-natives: no local build of tree-sitter; packaging the upstream linux-x64 prebuild (GLIBCXX_3.4.${requiredGlibcxx(prebuild)})`);
} else {
  const upstream = requiredGlibcxx(prebuild);
  const local = requiredGlibcxx(localBuild);
  if (local < upstream) {
    const original = `${prebuild}.upstream`;
    if (!fs.existsSync(original)) fs.copyFileSync(prebuild, original);
    fs.copyFileSync(localBuild, prebuild);
    console.log(`portable-natives: linux-x64 tree-sitter.node replaced by the local build (needs GLIBCXX_3.4.${local}; upstream needs GLIBCXX_3.4.${upstream})`);
  } else {
    console.log(`portable-natives: keeping the linux-x64 prebuild (GLIBCXX_3.4.${upstream})`);
  }
}
