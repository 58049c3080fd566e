package main

import (
	"runtime/debug"
	"strings"
)

// buildVersion is what --version prints: the version set with -ldflags if
// any, else the module version from the build info, which is the tag for
// `go install …@v1.2.3` and a pseudo-version naming the commit (with
// "+dirty" for uncommitted changes) for a build in a git checkout; else
// the VCS revision the go command stamped; else "devel".
func buildVersion(ldflags string) string {
	if ldflags != "" {
		return ldflags
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return versionOf(info)
}

func versionOf(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	rev := settings["vcs.revision"]
	if rev == "" {
		return "devel"
	}
	v := "devel " + rev[:min(len(rev), 12)]
	if t := settings["vcs.time"]; t != "" {
		v += " " + strings.TrimSuffix(t, "Z")
	}
	if settings["vcs.modified"] == "true" {
		v += " (modified)"
	}
	return v
}
