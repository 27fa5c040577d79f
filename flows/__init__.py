"""Prefect flows and the ``eventcoder`` command line: thin wrappers over :mod:`coders`.

Importing this package sets quiet, local defaults for Prefect unless the user set them: no
telemetry, and Prefect's ephemeral local mode (no server to start by hand).
"""

import os

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
    "PREFECT_UI_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}
for _key, _value in PREFECT_DEFAULTS.items():
    os.environ.setdefault(_key, _value)
