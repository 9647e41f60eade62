"""One module per noun; each parses, calls the domain and hands the result to `output`."""

# Sub-commands: name -> (module in amexcli.commands, attribute). A command's module, and the
# domain modules it needs, are imported only when that command runs (STYLE.md, 12).
COMMANDS = {
    "numbers": ("numbers", "numbers"),
    "route": ("route", "route"),
    "script": ("script", "app"),
    "log": ("log", "app"),
    "next": ("next", "next_command"),
    "cards": ("cards", "app"),
    "retention": ("retention", "app"),
    "eligibility": ("eligibility", "eligibility_command"),
    "data": ("data", "app"),
    "offers": ("offers", "app"),
    "benefits": ("benefits", "app"),
    "value": ("value", "value_command"),
    "statement": ("statement", "app"),
    "help": ("help", "help_command"),
}
# The commands that are groups: `amex log` alone asks for its help (__main__.py answers it).
GROUPS = frozenset(name for name, (_, attribute) in COMMANDS.items() if attribute == "app")
# ... except the groups that, alone, run their `list` (`amex offers` lists the offers).
LISTED_ALONE = frozenset({"offers", "benefits"})
