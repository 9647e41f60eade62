from amexcli.cli import main

main()
