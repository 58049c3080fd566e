package main

import (
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
const (
	bashCompletion = `# bash completion for otpmigrate: source <(otpmigrate completion bash)
_otpmigrate() {
	local cur="${COMP_WORDS[COMP_CWORD]}" words
	if [[ "$cur" == -* ]]; then
		words=$("${COMP_WORDS[@]:0:$COMP_CWORD}" "$cur" --generate-bash-completion 2>/dev/null)
	else
		words=$("${COMP_WORDS[@]:0:$COMP_CWORD}" --generate-bash-completion 2>/dev/null)
	fi
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -o bashdefault -F _otpmigrate otpmigrate
`
	zshCompletion = `#compdef otpmigrate
# zsh completion for otpmigrate: otpmigrate completion zsh > "${fpath[1]}/_otpmigrate"
_otpmigrate() {
	local -a opts
	local cur=${words[-1]}
	if [[ "$cur" == -* ]]; then
		opts=("${(@f)$(${words[@]:0:#words[@]-1} ${cur} --generate-bash-completion 2>/dev/null)}")
	else
		opts=("${(@f)$(${words[@]:0:#words[@]-1} --generate-bash-completion 2>/dev/null)}")
	fi
	if [[ "${opts[1]}" != "" ]]; then
		_describe 'values' opts
	else
		_files
	fi
}
compdef _otpmigrate otpmigrate
`
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
