package main

import (
	"strings"
	"testing"
	"time"
)

func TestLoadtestStaysOnThisMachine(t *testing.T) {
	ok := loadConfig{Target: "http://127.0.0.1:8080", Token: "ftn_x", Rate: 100, Duration: time.Minute}
	tests := []struct {
		name string
		edit func(*loadConfig)
		want string
	}{
		{"loopback", func(*loadConfig) {}, ""},
		{"localhost", func(c *loadConfig) { c.Target = "http://localhost:8080" }, ""},
		{"ipv6 loopback", func(c *loadConfig) { c.Target = "http://[::1]:8080" }, ""},
		{"another host", func(c *loadConfig) { c.Target = "http://10.0.0.5:8080" }, "must be on this machine"},
		{"a name", func(c *loadConfig) { c.Target = "https://example.org" }, "must be on this machine"},
		{"not http", func(c *loadConfig) { c.Target = "ftp://127.0.0.1" }, "not an http:// URL"},
		{"no token", func(c *loadConfig) { c.Token = "" }, "--token"},
		{"rate too high", func(c *loadConfig) { c.Rate = loadMaxRate + 1 }, "--rate"},
		{"rate zero", func(c *loadConfig) { c.Rate = 0 }, "--rate"},
		{"too long", func(c *loadConfig) { c.Duration = loadMaxDuration + time.Second }, "--duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			err := c.validate()
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("validate() = %v; want %q", err, tt.want)
			}
		})
	}
}
