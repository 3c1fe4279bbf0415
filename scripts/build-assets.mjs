// build-assets compiles the front-end assets of fitness into
// internal/web/static/dist, which Go embeds. The output is ignored by git:
// run `npm ci && npm run build` (or scripts/build-assets.sh) before `go build`
// to get styled pages. Without it pages still render, unstyled.
//
// Every file gets a content hash in its name so it can be cached for a
// year; dist/manifest.json maps each logical name to its hashed name.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'internal/web/assets')
const dist = join(root, 'internal/web/static/dist')
const govuk = join(root, 'node_modules/govuk-frontend/dist/govuk')

// hashed returns name with a short content hash before its extension.
function hashed(name, content) {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12)
  const dot = name.indexOf('.')
  return `${name.slice(0, dot)}.${hash}${name.slice(dot)}`
}

const manifest = {}
function emit(name, content) {
  const file = hashed(name, content)
  writeFileSync(join(dist, file), content)
  manifest[name] = file
  return file
}

mkdirSync(dist, { recursive: true })
for (const f of readdirSync(dist)) {
  if (f !== '.gitkeep') rmSync(join(dist, f), { recursive: true })
}

const css = sass.compile(join(src, 'fitness.scss'), {
  style: 'compressed',
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true
})
if (css.css.includes('GDS Transport')) {
  throw new Error('fitness.css refers to GDS Transport: the brand settings were not applied')
}
emit('fitness.css', css.css)

// GOV.UK Frontend's ES module, then our init module that imports it by its
// hashed name (an import map would need an inline script, which the CSP
// forbids).
const govukJS = emit('govuk-frontend.min.js', readFileSync(join(govuk, 'govuk-frontend.min.js')))
const init = readFileSync(join(src, 'fitness.js'), 'utf8')
  .replace("'./govuk-frontend.min.js'", `'./${govukJS}'`)
emit('fitness.js', init)
emit('favicon.svg', readFileSync(join(src, 'favicon.svg')))

writeFileSync(join(dist, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
console.log(`build-assets: wrote ${Object.keys(manifest).length} files to ${dist}`)
