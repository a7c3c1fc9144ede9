"""Read screenplays (Fountain and Final Draft) into scenes: plain Python, no Django.

parsed = parse_screenplay(data, "pilot.fountain")
parsed.title, parsed.scenes[0].set_name, to_contract_dict(parsed)
"""

from .model import ParsedScene, ParsedScript, ScreenplayError, ScriptFormat, to_contract_dict
from .reader import FORMATS, format_for, parse_screenplay
from .text import MAX_SCRIPT_BYTES

__all__ = [
    "FORMATS",
    "MAX_SCRIPT_BYTES",
    "ParsedScene",
    "ParsedScript",
    "ScreenplayError",
    "ScriptFormat",
    "format_for",
    "parse_screenplay",
    "to_contract_dict",
]
