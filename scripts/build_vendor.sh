#!/usr/bin/env bash
# Rebuild the vendored front-end assets under static/vendor/ from pinned npm packages.
#
# Only a maintainer upgrading NHS.UK frontend or axe-core runs this: the built files are
# committed, so `make run`, `make test` and production need no Node (docs/decisions/0002).
# Needs node + npm and the npm registry. Works in a throwaway directory outside the repo,
# so no node_modules/ ever lands in the work tree.
#
#   scripts/build_vendor.sh            # rebuild into static/vendor/
#   KEEP_BUILD_DIR=1 scripts/build_vendor.sh   # keep the temp dir for inspection
set -euo pipefail

NHSUK_FRONTEND_VERSION=10.6.1
AXE_CORE_VERSION=4.14.1
SASS_VERSION=1.108.2
# Budget for the built CSS, gzip -9 (docs/decisions/0002: ours + theirs < 30 KB).
CSS_GZIP_BUDGET=22000

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NHSUK_OUT="$ROOT/static/vendor/nhsuk-frontend"
AXE_OUT="$ROOT/static/vendor/axe-core"
BUILD=$(mktemp -d "${TMPDIR:-/tmp}/vendorbuild.XXXXXX")
if [[ -z "${KEEP_BUILD_DIR:-}" ]]; then
  trap 'rm -rf "$BUILD"' EXIT
else
  echo "build dir: $BUILD"
fi

cd "$BUILD"
npm init -y >/dev/null
# --ignore-scripts: nothing here needs an install script (sass is pure JS).
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "nhsuk-frontend@$NHSUK_FRONTEND_VERSION" \
  "axe-core@$AXE_CORE_VERSION" \
  "sass@$SASS_VERSION"

PKG="$BUILD/node_modules/nhsuk-frontend"
DIST="$PKG/dist/nhsuk"

# --- NHS.UK frontend CSS -------------------------------------------------------------
# Only what a question / result / content site needs, to stay inside the size budget.
# - The Frutiger webfont is licensed and served from assets.nhs.uk: its @font-face is
#   turned off and the fonts path emptied, so the CSS names no remote URL. Text uses
#   "Frutiger W01" only if installed locally, else Arial, else sans-serif.
# - Images resolve relative to the CSS file: static/vendor/nhsuk-frontend/assets/images/.
# - core is imported layer by layer instead of "core" so that the :root list of colour
#   custom properties (unused by the library's CSS, ~0.6 KB gzipped) is left out; the
#   breakpoint properties, which the library's JS reads (getBreakpoint), are re-emitted.
# - Left out: tables component (core already styles plain <table>), pagination, panel,
#   notification-banner, hero, tabs, task-list, contents-list, code, images, select,
#   textarea, character-count, date-input, file-upload, password-input, search-input.
mkdir -p scss
cat >scss/nhsuk-frontend.scss <<'SCSS'
@use "pkg:nhsuk-frontend/core/settings" as * with (
  $nhsuk-include-font-face: false,
  $nhsuk-fonts-path: "",
  $nhsuk-images-path: "assets/images/"
);
@use "pkg:nhsuk-frontend/core/tools" as *;
@use "pkg:nhsuk-frontend/core/helpers";

@use "pkg:nhsuk-frontend/core/generic";
@use "pkg:nhsuk-frontend/core/elements";
@use "pkg:nhsuk-frontend/core/objects";
@use "pkg:nhsuk-frontend/core/styles";
@use "pkg:nhsuk-frontend/core/utilities";

// Page furniture
@use "pkg:nhsuk-frontend/components/skip-link";
@use "pkg:nhsuk-frontend/components/header";
@use "pkg:nhsuk-frontend/components/footer";
@use "pkg:nhsuk-frontend/components/back-link";
@use "pkg:nhsuk-frontend/components/breadcrumb";
// Questions
@use "pkg:nhsuk-frontend/components/button";
@use "pkg:nhsuk-frontend/components/fieldset";
@use "pkg:nhsuk-frontend/components/label";
@use "pkg:nhsuk-frontend/components/hint";
@use "pkg:nhsuk-frontend/components/input";
@use "pkg:nhsuk-frontend/components/radios";
@use "pkg:nhsuk-frontend/components/checkboxes";
@use "pkg:nhsuk-frontend/components/error-message";
@use "pkg:nhsuk-frontend/components/error-summary";
// Results and content
@use "pkg:nhsuk-frontend/components/card";
@use "pkg:nhsuk-frontend/components/warning-callout";
@use "pkg:nhsuk-frontend/components/inset-text";
@use "pkg:nhsuk-frontend/components/details";
@use "pkg:nhsuk-frontend/components/action-link";
@use "pkg:nhsuk-frontend/components/summary-list";
@use "pkg:nhsuk-frontend/components/do-dont-list";
@use "pkg:nhsuk-frontend/components/tag";

// core/elements/_page.scss sets the page font only together with the Frutiger
// @font-face, so with that turned off it has to be set here (system fallback stack).
html {
  font-family: $nhsuk-font-family;
}

// What core/_nhsuk-frontend-properties.scss emits, less the colour list.
:root {
  --nhsuk-frontend-version: "__VERSION__";

  @each $name, $value in $nhsuk-breakpoints {
    --nhsuk-breakpoint-#{$name}: #{nhsuk-px-to-rem($value)};
  }
}
SCSS
sed -i "s/__VERSION__/$NHSUK_FRONTEND_VERSION/" scss/nhsuk-frontend.scss

rm -rf "$NHSUK_OUT"
mkdir -p "$NHSUK_OUT/assets/images"
node_modules/.bin/sass --pkg-importer=node --style=compressed --no-source-map \
  scss/nhsuk-frontend.scss "$NHSUK_OUT/nhsuk-frontend.min.css"

# Vendor exactly the images the CSS references (relative url()s), nothing else.
{ grep -o 'url([^)]*)' "$NHSUK_OUT/nhsuk-frontend.min.css" || true; } |
  sed -E 's/^url\("?assets\/images\/([^")]+)"?\)$/\1/' | sort -u |
  while read -r image; do
    [[ "$image" == url\(* ]] && { echo "unexpected url: $image" >&2; exit 1; }
    cp "$DIST/assets/images/$image" "$NHSUK_OUT/assets/images/"
  done

# Built JS bundle: an ES module (export { initAll, ... }); static/js/app.js imports it.
cp "$DIST/nhsuk-frontend.min.js" "$NHSUK_OUT/nhsuk-frontend.min.js"
# The bundle ends (on its last code line) with a sourceMappingURL comment for a map we
# do not ship; drop it so browser dev tools don't request the missing file.
sed -i -E 's#//\# sourceMappingURL=[^ ]*$##' "$NHSUK_OUT/nhsuk-frontend.min.js"
if grep -q 'sourceMappingURL' "$NHSUK_OUT/nhsuk-frontend.min.js"; then exit 1; fi

# The npm tarball ships no licence file (package.json says "MIT"); this is the text of
# LICENSE in the nhsuk/nhsuk-frontend repository.
test "$(node -p "require('$PKG/package.json').license")" = MIT
cat >"$NHSUK_OUT/LICENSE" <<'LICENSE'
MIT License

Copyright (c) 2019 NHS.UK

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENSE

{
  echo "nhsuk-frontend $NHSUK_FRONTEND_VERSION (npm), built by scripts/build_vendor.sh"
  echo "with sass $SASS_VERSION (dart-sass), --style=compressed, no source map."
  echo
  echo "nhsuk-frontend.min.css: built from the SCSS source; settings:"
  echo '  $nhsuk-include-font-face: false (no Frutiger webfont, no remote @font-face)'
  echo '  $nhsuk-fonts-path: ""'
  echo '  $nhsuk-images-path: "assets/images/" (relative to this folder)'
  echo "Entry file (written by the script):"
  sed 's/^/  /' scss/nhsuk-frontend.scss
  echo
  echo "nhsuk-frontend.min.js: dist/nhsuk/nhsuk-frontend.min.js copied as is (an ES module:"
  echo "load with type=\"module\"; static/js/app.js imports it and calls initAll())."
  echo "The trailing sourceMappingURL comment is removed (the map is not shipped)."
  echo "assets/images/: only the icons the CSS references."
  echo
  echo "Licence: MIT (LICENSE, the text of LICENSE in the nhsuk/nhsuk-frontend repository;"
  echo "the npm tarball ships none). The NHS.UK frontend documentation is (c) NHS England"
  echo "under the Open Government Licence v3.0; none of it is vendored here."
} >"$NHSUK_OUT/VERSION"

# --- axe-core (browser tests only) ---------------------------------------------------
rm -rf "$AXE_OUT"
mkdir -p "$AXE_OUT"
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE "$AXE_OUT/"
test "$(node -p "require('./node_modules/axe-core/package.json').license")" = MPL-2.0
{
  echo "axe-core $AXE_CORE_VERSION (npm), built by scripts/build_vendor.sh"
  echo "axe.min.js copied as is from the package; licence MPL-2.0 (LICENSE)."
  echo "Used only by the browser tests; never linked from a page."
} >"$AXE_OUT/VERSION"

# --- Checks ---------------------------------------------------------------------------
css="$NHSUK_OUT/nhsuk-frontend.min.css"
if grep -Eqi 'https?:|//[a-z0-9.-]+\.[a-z]{2,}/' "$css"; then
  echo "built CSS names an external URL" >&2
  exit 1
fi
{ grep -o 'url([^)]*)' "$css" || true; } | sed -E 's/^url\("?([^")]+)"?\)$/\1/' | sort -u |
  while read -r ref; do
    test -f "$NHSUK_OUT/$ref" || { echo "CSS references missing file: $ref" >&2; exit 1; }
  done
gz=$(gzip -9c "$css" | wc -c)
if ((gz > CSS_GZIP_BUDGET)); then
  echo "nhsuk-frontend.min.css is $gz bytes gzipped, over the $CSS_GZIP_BUDGET budget" >&2
  exit 1
fi

echo "Vendored files (bytes raw / gzip -9):"
find "$NHSUK_OUT" "$AXE_OUT" -type f | sort | while read -r f; do
  printf '  %-60s %8d %8d\n' "${f#"$ROOT"/}" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
