package main

import (
	"github.com/otpmigrate/otpmigrate"
	"github.com/urfave/cli/v2"
)

// appExportFlags are the export command's flags that write other apps'
// backup files (Aegis, 2FAS). Filled in by the app-formats work.
func appExportFlags() []cli.Flag { return nil }

// runAppExports writes the app backup files asked for by appExportFlags. It
// reports whether any was asked for.
func runAppExports(c *cli.Context, u *ui, accounts []otpmigrate.Account) (bool, error) {
	return false, nil
}
