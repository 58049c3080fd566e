package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionOf(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-01-02T15:04:05Z"}}
	tests := []struct {
		name string
		info debug.BuildInfo
		want string
	}{
		{"go install @v1.2.3", debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"build in a checkout", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102150405-0123456789ab+dirty"}}, "v0.0.0-20260102150405-0123456789ab+dirty"},
		{"VCS stamp only", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, "devel 0123456789ab 2026-01-02T15:04:05"},
		{"modified", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: append(vcs, debug.BuildSetting{Key: "vcs.modified", Value: "true"})}, "devel 0123456789ab 2026-01-02T15:04:05 (modified)"},
		{"nothing", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
	}
	for _, tt := range tests {
		if got := versionOf(&tt.info); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := buildVersion("v9"); got != "v9" {
		t.Errorf("-ldflags version ignored: %q", got)
	}
}
