from houqin.cli import main

main()
