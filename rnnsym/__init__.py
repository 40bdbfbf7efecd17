"""rnnsym: derive, compute, solve and grade the vanilla recurrent neural network.

The package's public functions import their modules on first use, so that
`import rnnsym` and `rnnsym --help` stay fast (no SymPy or NumPy until needed).
"""

from rnnsym.model import Model, ModelError

__all__ = ["Model", "ModelError", "__version__"]
__version__ = "0.1.0"
