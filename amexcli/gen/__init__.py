"""Build time only: the help pages, the man page, the completion scripts and docs/commands.md,
generated from the app by `python -m amexcli.gen.reference`. Nothing that runs a command
imports this package."""
