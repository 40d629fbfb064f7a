"""ETL for the Talentopgave dashboard: CBS open data -> validated store on disk.

Stages, one direction: extract (the only code that talks to CBS) -> raw cache ->
transform (pure functions) -> indicators -> validate -> publish.
"""

__version__ = "0.1.0"
