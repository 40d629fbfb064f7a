"""deploy/systemd's units: systemd itself accepts them (``systemd-analyze verify``, with this
checkout in place of /opt/talentopgave), and what they say about the app matches the app:
the refresh's exit codes, the command gunicorn is started with, the timer's service."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.servers import ROOT

from etl.pipeline import EXIT_FRESH, EXIT_NOTHING, EXIT_PARTIAL

UNITS = ROOT / "deploy" / "systemd"
APP_FOLDER, ENV_FILE, DATA_DIR = (
    "/opt/talentopgave",
    "/etc/talentopgave/talent.env",
    "/var/lib/talentopgave",
)


def unit(name: str) -> configparser.ConfigParser:
    # systemd's syntax is close enough to INI for reading keys: comments with # or ;, no
    # interpolation, keys case-sensitive, repeated keys not used in these files.
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((UNITS / name).read_text())
    return parser


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
def test_unt001_systemd_accepts_the_units(tmp_path):
    (tmp_path / "data").mkdir()
    env_file = tmp_path / "talent.env"
    shutil.copy(ROOT / ".env.example", env_file)
    names = {
        "talent-web@.service": "talent-web@8051.service",  # an instance, as systemctl makes it
        "talent-etl.service": "talent-etl.service",
        "talent-etl.timer": "talent-etl.timer",
    }
    for source, name in names.items():
        text = (UNITS / source).read_text()
        if source.endswith(".service"):
            assert APP_FOLDER in text and ENV_FILE in text, source
        # The interpreter and gunicorn of the virtualenv running this test (systemd checks
        # that ExecStart's program exists), then this checkout as the app folder.
        text = text.replace(f"{APP_FOLDER}/.venv/bin", str(Path(sys.executable).parent))
        text = text.replace(APP_FOLDER, str(ROOT)).replace(ENV_FILE, str(env_file))
        (tmp_path / name).write_text(text.replace(DATA_DIR, str(tmp_path / "data")))
    verified = subprocess.run(
        ["systemd-analyze", "verify", *names.values()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = [
        line
        for line in (verified.stdout + verified.stderr).splitlines()
        if any(name.split(".")[0].split("@")[0] in line for name in names.values())
    ]
    assert (verified.returncode, said) == (0, [])


def test_unt002_the_refresh_unit_knows_the_etls_exit_codes():
    service = unit("talent-etl.service")["Service"]
    assert service["Type"] == "oneshot"
    command = shlex.split(service["ExecStart"])
    assert command[0] == f"{APP_FOLDER}/.venv/bin/python"
    assert command[1:] == ["-m", "etl", "refresh"]
    # 3: published with tables kept from the last store or absent: a success for systemd.
    # 1 (nothing published) stays a failure; 0 is always one.
    success = {int(code) for code in service["SuccessExitStatus"].split()}
    assert success == {EXIT_PARTIAL}
    assert EXIT_NOTHING not in success and EXIT_FRESH == 0
    assert service["ReadWritePaths"] == DATA_DIR
    assert service["ProtectSystem"] == "strict"


def test_unt003_the_web_unit_starts_gunicorn_as_the_procfile_does():
    service = unit("talent-web@.service")["Service"]
    command = shlex.split(service["ExecStart"])
    assert command[:2] == ["/usr/bin/env", "PORT=%i"]  # the instance name is the port
    assert command[2:] == [
        f"{APP_FOLDER}/.venv/bin/gunicorn",
        "app:server",
        "--config",
        "gunicorn.conf.py",
    ]
    assert (ROOT / "gunicorn.conf.py").is_file()
    assert "app:server" in (ROOT / "Procfile").read_text()
    assert service["WorkingDirectory"] == APP_FOLDER
    assert service["EnvironmentFile"] == ENV_FILE
    assert service["User"] != "root" and service["NoNewPrivileges"] == "yes"
    # It writes nothing but gunicorn's worker heartbeat files, in a private /tmp.
    assert service["ProtectSystem"] == "strict" and "ReadWritePaths" not in service
    assert service["PrivateTmp"] == "yes"
    assert service["Restart"] == "on-failure"


def test_unt004_the_timer_runs_the_refresh_nightly_and_catches_up():
    timer = unit("talent-etl.timer")["Timer"]
    assert timer["Unit"] == "talent-etl.service"
    assert (UNITS / timer["Unit"]).is_file()
    assert timer["Persistent"] == "true"
    assert timer["OnCalendar"].startswith("*-*-* ")  # every day
    assert timer["RandomizedDelaySec"]
    assert unit("talent-etl.timer")["Install"]["WantedBy"] == "timers.target"
