"""Rich rendering of results for the terminal: the only place, besides cli, that uses rich.

One module per command group; each takes the core's plain data and returns Rich renderables.
"""
