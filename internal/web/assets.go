package web

import (
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
)

// AssetPrefix is the URL path under which assets are served.
const AssetPrefix = "/assets/"

//go:embed all:static/dist
var dist embed.FS

// DistFS returns the embedded build output of scripts/build-assets.mjs
// (empty, but for .gitkeep, when the assets were not built).
func DistFS() fs.FS {
	sub, err := fs.Sub(dist, "static/dist")
	if err != nil {
		panic(err) // the directory is embedded, so this cannot happen
	}
	return sub
}

// Assets serves the fingerprinted front-end files and gives pages their
// URLs. Files are named with a content hash by the build, so they are
// cached for a year.
type Assets struct {
	fsys     fs.FS
	manifest map[string]string // logical name → hashed file name
	files    map[string]bool   // hashed file names
}

// NewAssets reads the manifest in fsys. When the assets were not built it
// logs one warning and returns Assets that give no URLs, so pages still
// render, unstyled.
func NewAssets(fsys fs.FS, logger *slog.Logger) (*Assets, error) {
	a := &Assets{fsys: fsys, manifest: map[string]string{}, files: map[string]bool{}}
	b, err := fs.ReadFile(fsys, "manifest.json")
	if errors.Is(err, fs.ErrNotExist) {
		logger.Warn("front-end assets not built: pages will be unstyled; run scripts/build-assets.sh")
		return a, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &a.manifest); err != nil {
		return nil, errors.New("assets manifest.json: " + err.Error())
	}
	for name, file := range a.manifest {
		if _, err := fs.Stat(fsys, file); err != nil {
			return nil, errors.New("assets: " + name + " is in the manifest but " + file + " is missing")
		}
		a.files[file] = true
	}
	return a, nil
}

// Built reports whether the assets were built.
func (a *Assets) Built() bool { return a != nil && len(a.manifest) > 0 }

// URL returns the fingerprinted URL of the asset with logical name (for
// example "fitness.css"), or "" when it was not built.
func (a *Assets) URL(name string) string {
	if a == nil {
		return ""
	}
	file, ok := a.manifest[name]
	if !ok {
		return ""
	}
	return AssetPrefix + file
}

// ServeHTTP serves a fingerprinted file under [AssetPrefix] with a long
// cache lifetime; anything else is not found.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, AssetPrefix)
	if !a.files[name] || path.Clean(name) != name {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeFileFS(w, r, a.fsys, name)
}
