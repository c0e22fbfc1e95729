from genderlens.cli import main

main()
