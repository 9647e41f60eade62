"""A wheel built from the tree and installed into a fresh venv works: package data included."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_in_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    [wheel] = dist.glob("amexcli-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "amexcli/data/numbers.toml" in names
    assert {"amexcli/data/scripts.toml", "amexcli/data/routes.toml"} <= set(names)
    assert "amexcli/data/help.txt" in names
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    bindir = env / "bin"
    # as a user installs it: `pip install .`, not editable
    subprocess.run([bindir / "python", "-m", "pip", "install", "-q", str(ROOT)], check=True)
    r = subprocess.run(
        [bindir / "amex", "numbers", "--abroad"],
        capture_output=True,
        text=True,
        check=False,
        env={"AMEX_FILE": str(tmp_path / "amex.toml"), "PATH": str(bindir)},
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\t")[2] == "1-336-393-1111"
    # the completion scripts land where bash-completion, zsh and fish (and pipx) look
    share = env / "share"
    root = Path(__file__).resolve().parent.parent / "completions"
    for installed, source in (
        ("bash-completion/completions/amex", "amex.bash"),
        ("zsh/site-functions/_amex", "_amex"),
        ("fish/vendor_completions.d/amex.fish", "amex.fish"),
    ):
        assert (share / installed).read_text() == (root / source).read_text()
    assert (share / "man" / "man1" / "amex.1").read_text() == (ROOT / "man" / "amex.1").read_text()
    # `man amex` with MANPATH set as pipx documents, from any folder
    if shutil.which("man") is None:
        if os.environ.get("CI"):
            pytest.fail("man is missing: .ci/run installs it")
        return
    r = subprocess.run(
        ["man", "amex"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "MANPATH": f"{share / 'man'}:",
            "MANPAGER": "cat",
            "PAGER": "cat",
            "MANWIDTH": "80",
        },
    )
    assert r.returncode == 0, r.stderr
    assert "amex numbers [QUERY] [OPTIONS]" in r.stdout
    assert "EXIT STATUS" in r.stdout
