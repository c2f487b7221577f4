"""The frontends over the core: the web site (Flask) and the terminal interface (Textual).

Each is a thin factory over a ready core and is imported only when it runs, so
the command line and the other frontend never load its framework.
"""
