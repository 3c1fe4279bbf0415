package docs

import (
	"os"
	"strings"
	"testing"
)

func TestZZDump(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	r := MustNew(t, PureGo())
	for _, c := range testCases(t) {
		if !strings.Contains(os.Getenv("DUMP"), string(c.letter.Kind)) {
			continue
		}
		t.Logf("==== %s\n%s", c.name, visibleText(MustHTML(t, r, c.letter)))
	}
}
