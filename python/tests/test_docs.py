# SPDX-License-Identifier: GPL-3.0-or-later
"""docs/python.md is a session: its ```python blocks run in order and print what the page shows."""

import contextlib
import io
import os
import re

import pytest


def test_python_md_runs_and_prints_what_it_shows(source_dir, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")  # python3-matplotlib (scripts/deps.sh, docs only)
    with open(os.path.join(source_dir, "docs", "python.md")) as f:
        text = f.read()
    blocks = re.findall(r"```(python)?\n(.*?)```", text, re.S)
    assert sum(1 for lang, _ in blocks if lang) >= 4
    monkeypatch.setenv("LQ_DOC_OUT", str(tmp_path))
    env = {}
    pending = None
    for lang, code in blocks:
        if lang:
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                exec(compile(code, "docs/python.md", "exec"), env)  # noqa: S102
            pending = buf.getvalue()
        elif pending is not None:
            # the output block after a code block is what that code printed
            assert pending == code, "docs/python.md output differs:\n" + pending
            pending = None
    for fig in ("python-bind-diagram.png", "python-bind-activity.png"):
        assert (tmp_path / fig).stat().st_size > 10000
