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
def test_wheel_in_a_fresh_venv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHONPATH")  # the tree's amexcli must not stand in for the wheel's
    dist = tmp_path / "dist"
    # built as pip builds it for a user: in an isolated environment, from the build-system table
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    [wheel] = dist.glob("amexcli-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = z.read(metadata).decode()
        [license_] = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert z.read(license_) == (ROOT / "LICENSE").read_bytes()
    assert {"amexcli/data/numbers.toml", "amexcli/data/help.txt"} <= names
    assert {"amexcli/data/scripts.toml", "amexcli/data/routes.toml"} <= names
    assert "License-Expression: MIT" in meta.splitlines()
    assert "Windows" not in meta.split("\n\n")[0]  # no classifier claims it
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)  # ensurepip would cost seconds; this pip installs into it
    bindir = env / "bin"
    # the wheel alone, as pip installs it; then its dependencies are lent by the venv running the
    # tests (after the install: pip must not take that venv's amexcli for this one)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(bindir / "python"), "install", "-q",
         "--no-deps", "--no-index", str(wheel)],
        check=True,
    )  # fmt: skip
    [site] = (env / "lib").glob("python3.*/site-packages")
    deps = [p for p in map(Path, sys.path) if p.name == "site-packages" and p.is_dir()]
    (site / "test-dependencies.pth").write_text("".join(f"{p}\n" for p in deps))
    r = subprocess.run(
        [bindir / "amex", "numbers", "--abroad"],
        capture_output=True,
        text=True,
        check=False,
        env={"AMEX_FILE": str(tmp_path / "amex.toml"), "PATH": str(bindir)},
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\t")[2] == "1-336-393-1111"
    # the amex that ran is the wheel's, not the tree's
    where = subprocess.run(
        [bindir / "python", "-c", "import amexcli; print(amexcli.__file__)"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout  # fmt: skip
    assert where.startswith(str(site)), where
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
