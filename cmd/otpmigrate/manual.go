package main

import (
	_ "embed"
	"fmt"

	"github.com/urfave/cli/v2"
)

// newManCommand prints the manual page, made by urfave/cli from the same
// command definitions as the help.
func newManCommand() *cli.Command {
	return &cli.Command{
		Name:      "man",
		Usage:     "print the manual page (troff), e.g. otpmigrate man > otpmigrate.1",
		ArgsUsage: " ",
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("man takes no arguments")
			}
			page, err := c.App.ToManWithSection(1)
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(c.App.Writer, page)
			return err
		},
	}
}

// The bash and zsh scripts ask otpmigrate itself for the words that can
// follow (urfave/cli's --generate-bash-completion, which runs no command),
// and complete file names where it has none.
var (
	//go:embed completion/otpmigrate.bash
	bashCompletion string
	//go:embed completion/_otpmigrate.zsh
	zshCompletion string
)

// newCompletionCommand prints a shell completion script.
func newCompletionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script: source <(otpmigrate completion bash), or zsh, fish",
		ArgsUsage: "bash|zsh|fish",
		Action: func(c *cli.Context) error {
			var script string
			switch c.Args().First() {
			case "bash":
				script = bashCompletion
			case "zsh":
				script = zshCompletion
			case "fish":
				s, err := c.App.ToFishCompletion()
				if err != nil {
					return err
				}
				script = s
			default:
				return usagef("completion needs one shell: bash, zsh or fish")
			}
			if c.NArg() > 1 {
				return usagef("completion takes one shell")
			}
			_, err := fmt.Fprint(c.App.Writer, script)
			return err
		},
	}
}
