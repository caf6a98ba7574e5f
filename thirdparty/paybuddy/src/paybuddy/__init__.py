"""PayBuddy merchant sandbox (third party: not MusicCorp code, not on MusicCorp's chassis).

PayBuddy is another company's payment service. This package is the sandbox it
offers merchants: the same API as production, card data that never reaches the
merchant (browsers swap it for a token), charges and reversals kept in memory,
signed settlement callbacks, and chaos knobs to rehearse a bad day. It imports
nothing from MusicCorp, on purpose: a merchant integrates with PayBuddy over
the wire, exactly as with a real provider.

    python -m paybuddy --host 127.0.0.1 --port 8900
"""

from paybuddy.app import SANDBOX, VERSION, Sandbox, create_app
from paybuddy.config import SandboxConfig

__all__ = ["SANDBOX", "Sandbox", "SandboxConfig", "__version__", "create_app"]

__version__ = VERSION
