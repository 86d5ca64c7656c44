"""scripts/package_release.py, run as the release workflow runs it, on a bundle-shaped tree with
the symbolic links a PyInstaller .app and Qt frameworks have: a dry run on Linux with a fake
signing step gives the archives, SHA256SUMS (checked with sha256sum) and a CycloneDX SBOM of the
locked dependency set; what is unpacked is what was built and signed; two runs give the same bytes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import package_release  # noqa: E402

from wizard import __version__  # noqa: E402

SCRIPT = ROOT / "scripts" / "package_release.py"
MARK = b"\n#signed-by-the-fake-signtool\n"
EPOCH = "1765000000"


def make_dist(dist: Path) -> Path:
    """What build.spec and build-cli.spec leave in dist/, in miniature, with links."""
    bundle = dist / "smtp-wizard"
    framework = bundle / "_internal" / "Frameworks" / "QtCore.framework"
    (framework / "Versions" / "A").mkdir(parents=True)
    (framework / "Versions" / "A" / "QtCore").write_bytes(b"\x7fELF qt core")
    (framework / "Versions" / "Current").symlink_to("A")  # a folder link (Versions/Current)
    (framework / "QtCore").symlink_to("Versions/Current/QtCore")  # a file link through it
    (bundle / "_internal" / "Resources").symlink_to("Frameworks")  # Contents/Resources <-> Frameworks
    (bundle / "_internal" / "resources").mkdir()
    (bundle / "_internal" / "resources" / "providers.json").write_text('{"providers": []}')
    (bundle / "_internal" / "empty").mkdir()
    program = bundle / "smtp-wizard"
    program.write_bytes(b"#!/bin/sh\necho wizard\n")
    program.chmod(0o755)
    cli = dist / "smtp-wizard-cli"
    cli.write_bytes(b"#!/bin/sh\necho cli\n")
    cli.chmod(0o755)
    return dist


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry below ``folder``: links by target, files by bytes and whether they run."""
    seen: dict[str, tuple] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            seen[name] = ("link", os.readlink(path))
        elif path.is_dir():
            seen[name] = ("dir",)
        else:
            seen[name] = ("file", path.read_bytes(), bool(path.stat().st_mode & 0o100))
    return seen


@pytest.fixture
def fake_signtool(tmp_path) -> tuple[str, Path]:
    log = tmp_path / "signed.txt"
    tool = tmp_path / "fake_signtool.py"
    tool.write_text(
        textwrap.dedent(
            f"""
            import sys
            path = sys.argv[1]
            with open(path, "ab") as program:
                program.write({MARK!r})
            with open({str(log)!r}, "a") as log:
                log.write(path + "\\n")
            """
        )
    )
    return f"{sys.executable} {tool}", log


def pack(dist: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    env.pop("SIGN_COMMAND", None)
    return subprocess.run(
        [sys.executable, str(SCRIPT), "pack", str(out), "--dist", str(dist), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux dry run (tar.gz)")
def test_a_dry_run_with_a_fake_signing_step(tmp_path, fake_signtool):
    command, log = fake_signtool
    dist = make_dist(tmp_path / "dist")
    built = snapshot(dist / "smtp-wizard")
    out = tmp_path / "release"
    result = pack(dist, out, "--sign-command", command)
    assert result.returncode == 0, result.stderr

    tag = f"{__version__}-linux-{package_release.machine_name()}"
    archive, cli = out / f"smtp-wizard-{tag}.tar.gz", out / f"smtp-wizard-cli-{tag}"
    sbom = out / f"smtp-wizard-{__version__}-sbom.cdx.json"
    assert sorted(path.name for path in out.iterdir()) == sorted(
        [archive.name, cli.name, sbom.name, "SHA256SUMS"]
    )

    # Both programs a user starts were signed, before they were packed.
    assert log.read_text().split() == [
        str(dist / "smtp-wizard" / "smtp-wizard"),
        str(dist / "smtp-wizard-cli"),
    ]
    assert cli.read_bytes().endswith(MARK) and os.access(cli, os.X_OK)

    # SHA256SUMS covers every other file, in the format sha256sum -c reads.
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert sorted(re.findall(r"^(\S+): OK$", checked.stdout, re.M)) == sorted(
        [archive.name, cli.name, sbom.name]
    )

    # What a customer unpacks is what was built (links as links) and signed.
    unpacked = package_release.unpack(archive, tmp_path / "customer")
    assert unpacked == tmp_path / "customer" / "smtp-wizard"
    got = snapshot(unpacked)
    assert got.pop("smtp-wizard") == ("file", b"#!/bin/sh\necho wizard\n" + MARK, True)
    built.pop("smtp-wizard")
    assert got == built
    assert (
        unpacked / "_internal" / "Resources" / "QtCore.framework" / "QtCore"
    ).read_bytes() == b"\x7fELF qt core"


def test_the_sbom_is_cyclonedx_of_the_locked_dependency_set(tmp_path):
    sbom = json.loads(package_release.sbom(tmp_path).read_text(encoding="utf-8"))
    assert sbom["bomFormat"] == "CycloneDX" and sbom["specVersion"] == "1.6"
    root = sbom["metadata"]["component"]
    assert (root["name"], root["version"], root["type"]) == ("smtp-wizard", __version__, "application")
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", package_release.LOCK.read_text(), re.M))
    assert {"pyside6-essentials", "keyring", "pyinstaller", "cryptography"} <= set(pins)
    components = {c["name"].lower(): c for c in sbom["components"]}
    assert {name: c["version"] for name, c in components.items()} == {n.lower(): v for n, v in pins.items()}
    for name, component in components.items():
        assert component["purl"] == f"pkg:pypi/{name}@{component['version']}"
        hashes = [h for ref in component["externalReferences"] for h in ref.get("hashes", [])]
        assert hashes and all(h["alg"] == "SHA-256" for h in hashes)  # the lock's hashes, carried over
    (root_deps,) = [d for d in sbom["dependencies"] if d["ref"] == root["bom-ref"]]
    assert len(root_deps["dependsOn"]) == len(components)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux dry run (tar.gz)")
def test_two_runs_on_the_same_build_give_the_same_bytes(tmp_path):
    dist = make_dist(tmp_path / "dist")
    first = pack(dist, tmp_path / "first")
    assert first.returncode == 0, first.stderr
    # Another checkout of the same commit: other file times, another umask.
    for path in (dist / "smtp-wizard").rglob("*"):
        if not path.is_symlink():
            os.utime(path, (1, 1))
    (dist / "smtp-wizard" / "_internal" / "resources" / "providers.json").chmod(0o664)
    second = pack(dist, tmp_path / "second")
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "first" / "SHA256SUMS").read_bytes() == (
        tmp_path / "second" / "SHA256SUMS"
    ).read_bytes()


def test_without_a_signing_command_the_log_says_unsigned(tmp_path):
    result = pack(make_dist(tmp_path / "dist"), tmp_path / "release")
    assert result.returncode == 0, result.stderr
    assert "NOT SIGNED" in result.stdout
    assert "unsigned: smtp-wizard\n" in result.stdout and "unsigned: smtp-wizard-cli\n" in result.stdout


def test_a_zip_keeps_links_and_program_bits(tmp_path):
    tree = make_dist(tmp_path / "dist") / "smtp-wizard"
    archive = package_release.write_zip(tree, tmp_path / "bundle.zip", int(EPOCH))
    names = zipfile.ZipFile(archive).namelist()
    assert "smtp-wizard/_internal/Resources" in names  # a link entry, not the folder's files again
    assert not any(name.startswith("smtp-wizard/_internal/Resources/") for name in names)
    package_release.unzip(archive, tmp_path / "out")
    assert snapshot(tmp_path / "out" / "smtp-wizard") == snapshot(tree)
    again = package_release.write_zip(tree, tmp_path / "again.zip", int(EPOCH))
    assert again.read_bytes() == archive.read_bytes()


def test_unpacking_refuses_entries_that_leave_the_folder(tmp_path):
    for name, link in (("../evil", None), ("app/link", "../../outside")):
        archive = tmp_path / "bad.zip"
        with zipfile.ZipFile(archive, "w") as bad:
            info = zipfile.ZipInfo(name)
            if link is not None:
                info.external_attr = (0o120777) << 16
            bad.writestr(info, link or "x")
        with pytest.raises(SystemExit, match="outside"):
            package_release.unzip(archive, tmp_path / "dest")
        assert not (tmp_path / "evil").exists() and not (tmp_path / "dest" / "app" / "link").exists()


@pytest.mark.parametrize(("tag", "code"), [(f"v{__version__}", 0), ("v99.0.0", 1), (__version__, 1)])
def test_the_tag_must_name_the_version(tag, code):
    result = subprocess.run([sys.executable, str(SCRIPT), "check-tag", tag], capture_output=True, text=True)
    assert result.returncode == code
    if code:
        assert f"does not match wizard.__version__ {__version__}" in result.stdout


def test_release_notes_list_the_commits_since_the_last_tag(tmp_path):
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "ci@example.com")
    git("config", "user.name", "CI")
    for subject, tag in (
        ("First feature", "v0.1.0"),
        ("Fix the export", None),
        ("Sign the installer", "v0.2.0"),
    ):
        git("commit", "-q", "--allow-empty", "-m", subject)
        if tag:
            git("tag", tag)
    notes = package_release.release_notes("v0.2.0", repo=tmp_path)
    assert "### Changes since v0.1.0" in notes
    assert "- Fix the export (" in notes and "- Sign the installer (" in notes
    assert "First feature" not in notes
    assert "sha256sum -c SHA256SUMS" in notes
    first = package_release.release_notes("v0.1.0", repo=tmp_path)
    assert "(first release)" in first and "- First feature (" in first


def test_the_workflow_checks_what_it_attaches():
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert "package_release.py unpack" in workflow and 'check_bundle.py "$wizard"' in workflow
    assert "package_release.py check-tag" in workflow and "CI=true bash scripts/test.sh" in workflow
    assert "attest-build-provenance" in workflow and "package_release.py sums release" in workflow
