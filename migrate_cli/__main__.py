from migrate_cli.cli import main

main()
