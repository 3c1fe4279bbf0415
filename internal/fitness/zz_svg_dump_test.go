package fitness

import (
	"os"
	"testing"
)

func TestZZDumpSVG(t *testing.T) { os.WriteFile("/tmp/svgv/process.svg", []byte(HCPCProcess().SVG()), 0o644) }
