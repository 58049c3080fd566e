package main

import (
	"fmt"
	"strings"

	"github.com/otpmigrate/otpmigrate/target"
	"github.com/urfave/cli/v2"
)

func newTargetsCommand(u *ui) *cli.Command {
	return &cli.Command{
		Name:      "targets",
		Usage:     "list the apps export --for knows and what each can hold",
		ArgsUsage: "[APP]",
		Description: `Without an argument, prints one line per app: the types, algorithms, digits,
periods and HOTP counters it holds, and its label and password limits.
With an app name, prints each of its rules: what it holds, what becomes of
anything else, and the source the rule comes from (the app's import code
or documentation).

Examples:
  otpmigrate targets
  otpmigrate targets 2fas-ios`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return usagef("targets takes at most one app name")
			}
			e := newEnv(c, u)
			if c.NArg() == 1 {
				p, ok := target.Lookup(c.Args().First())
				if !ok {
					return usagef("unknown app; choose one of %s", strings.Join(target.Names(), ", "))
				}
				return printRules(e, p)
			}
			return printTargets(e)
		},
	}
}

func printTargets(e env) error {
	if err := target.WriteTable(e.stdout); err != nil {
		return err
	}
	_, err := fmt.Fprintln(e.stdout, "\notpmigrate targets APP shows the rules of one app with their sources; export --for APP applies them.")
	return err
}

func printRules(e env, p target.Profile) error { return target.WriteRules(e.stdout, p) }
