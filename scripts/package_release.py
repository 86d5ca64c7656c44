"""Pack what the release workflow built into the files a release attaches, and check them.

    python scripts/package_release.py pack OUT [--dist DIST] [--sign-command CMD]
    python scripts/package_release.py unpack ARCHIVE DEST      prints the unpacked wizard's path
    python scripts/package_release.py sums DIR                  writes DIR/SHA256SUMS
    python scripts/package_release.py check-tag TAG             the tag names wizard.__version__
    python scripts/package_release.py notes TAG                 release notes since the last tag

``pack`` signs the programs (``--sign-command`` or $SIGN_COMMAND, run once per program with its
path; without one it says so in the log), then writes into OUT: the wizard (Linux: a .tar.gz of
the one-folder bundle; Windows: a .zip of it and, where Inno Setup is installed, a per-user
installer, signed too; macOS: the .app in a DMG, signed too), the one-file command line, a
CycloneDX SBOM of requirements/release.lock and SHA256SUMS, e.g.
smtp-wizard-0.1.0-linux-x86_64.tar.gz and smtp-wizard-cli-0.1.0-linux-x86_64.

The archives written here are reproducible: entries sorted, every time set to SOURCE_DATE_EPOCH
(default: the time of the last commit), owners and permission bits normalized, no time in the
gzip header. Symbolic links are kept as links in both the tar and the zip, and ``unpack`` restores
them (Python's zipfile would write their targets as small files).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import platform
import shlex
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wizard import __version__  # noqa: E402

PLATFORMS = {"win32": "windows", "darwin": "macos"}
LOCK = ROOT / "requirements" / "release.lock"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold
SUMS = "SHA256SUMS"


def system_name() -> str:
    return PLATFORMS.get(sys.platform, "linux")


def machine_name() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH, else the last commit's time: the same commit packs to the same bytes."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    committed = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return int(committed) if committed.isdigit() else ZIP_EPOCH


# ---------------------------------------------------------------------------------------------
# Archives


def walk(folder: Path) -> Iterator[tuple[str, Path]]:
    """(archive name, path) for ``folder`` and everything below it, sorted, links not followed."""
    yield folder.name, folder
    for parent, dirs, files in os.walk(folder):
        dirs.sort()
        base = Path(parent)
        entries = [*((d, base / d) for d in dirs), *((f, base / f) for f in files)]
        for _, path in sorted(entries):
            yield (PurePosixPath(folder.name) / path.relative_to(folder).as_posix()).as_posix(), path
        # os.walk does not descend into linked folders: they are stored as links.
        dirs[:] = [d for d in dirs if not (base / d).is_symlink()]


def _mode(path: Path) -> int:
    """0755 for folders and programs, 0644 for other files: the builder's umask stays out."""
    if path.is_dir() and not path.is_symlink():
        return 0o755
    return 0o755 if os.stat(path, follow_symlinks=False).st_mode & 0o111 else 0o644


def write_tar_gz(folder: Path, out: Path, epoch: int) -> Path:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name, path in walk(folder):
            info = tar.gettarinfo(str(path), arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = epoch
            if not info.issym():
                info.mode = _mode(path)
            if info.isfile():
                with path.open("rb") as data:
                    tar.addfile(info, data)
            else:
                tar.addfile(info)
    with out.open("wb") as handle, gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) as gz:
        gz.write(raw.getvalue())
    return out


def write_zip(folder: Path, out: Path, epoch: int) -> Path:
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, path in walk(folder):
            if path.is_symlink():
                info = zipfile.ZipInfo(name, stamp)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                data = os.readlink(path).replace(os.sep, "/").encode()
            elif path.is_dir():
                info = zipfile.ZipInfo(name + "/", stamp)
                info.external_attr = (stat.S_IFDIR | 0o755) << 16 | 0x10
                data = b""
            else:
                info = zipfile.ZipInfo(name, stamp)
                info.external_attr = (stat.S_IFREG | _mode(path)) << 16
                data = path.read_bytes()
            info.create_system = 3  # Unix: the mode above is read back by unzip and by unpack()
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return out


def _inside(dest: Path, name: str) -> Path:
    target = (dest / name).resolve()
    if not target.is_relative_to(dest.resolve()):
        raise SystemExit(f"{name!r} would be written outside {dest}")
    return target


def unzip(archive: Path, dest: Path) -> None:
    """Unpack a zip with its folders, programs' mode bits and symbolic links."""
    links: list[tuple[Path, str]] = []
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            target = _inside(dest, info.filename)
            mode = info.external_attr >> 16
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif stat.S_ISLNK(mode):
                links.append((dest / info.filename, zipped.read(info).decode()))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zipped.read(info))
                if mode & 0o111:
                    target.chmod(0o755)
    for link, pointing_to in links:
        link.parent.mkdir(parents=True, exist_ok=True)
        _inside(dest, (PurePosixPath(link.relative_to(dest).as_posix()).parent / pointing_to).as_posix())
        link.symlink_to(pointing_to)


def unpack(archive: Path, dest: Path) -> Path:
    """Unpack a release file as a customer would; returns the wizard (folder or .app) inside."""
    dest.mkdir(parents=True, exist_ok=True)
    if archive.name.endswith(".tar.gz"):
        with tarfile.open(archive) as tar:
            tar.extractall(dest, filter="data")  # refuses links and names that leave dest
    elif archive.suffix == ".zip":
        unzip(archive, dest)
    elif archive.suffix == ".dmg":
        mount = Path(tempfile.mkdtemp(prefix="smtp-wizard-dmg-"))
        subprocess.run(
            ["hdiutil", "attach", "-nobrowse", "-readonly", "-mountpoint", str(mount), str(archive)],
            check=True,
        )
        try:
            for app in mount.glob("*.app"):
                subprocess.run(["ditto", str(app), str(dest / app.name)], check=True)
        finally:
            subprocess.run(["hdiutil", "detach", str(mount)], check=True)
    else:
        raise SystemExit(f"not a release archive: {archive.name}")
    found = sorted(dest.glob("*.app")) or sorted(path for path in dest.iterdir() if path.is_dir())
    if not found:
        raise SystemExit(f"{archive.name} holds no wizard")
    return found[0]


def dmg(app: Path, out: Path) -> Path:
    """macOS: a compressed disk image with the .app and a link to /Applications to drag it to.
    ditto copies the .app with its symlinks (Contents/Frameworks, Versions/Current), extended
    attributes and signature, which shutil.make_archive lost."""
    with tempfile.TemporaryDirectory() as staging:
        subprocess.run(["ditto", str(app), str(Path(staging) / app.name)], check=True)
        (Path(staging) / "Applications").symlink_to("/Applications")
        subprocess.run(
            ["hdiutil", "create", "-volname", "smtp-wizard", "-srcfolder", staging,
             "-fs", "HFS+", "-format", "UDZO", "-ov", str(out)],
            check=True,
        )  # fmt: skip
    return out


# ---------------------------------------------------------------------------------------------
# Signing, SBOM, checksums


def programs(dist: Path, system: str) -> list[Path]:
    """What is signed: every program a customer starts (the .app as a whole on macOS)."""
    suffix = ".exe" if system == "windows" else ""
    cli = dist / f"smtp-wizard-cli{suffix}"
    if system == "windows":
        return [dist / "smtp-wizard" / "smtp-wizard.exe", dist / "smtp-wizard" / "smtp-wizard-cli.exe", cli]
    if system == "macos":
        return [dist / "smtp-wizard.app", cli]
    return [dist / "smtp-wizard" / "smtp-wizard", cli]


def sign(paths: list[Path], command: str) -> None:
    if not command:
        print(
            "NOT SIGNED: no signing command (--sign-command or SIGN_COMMAND); the signing secrets are "
            "not configured, so these programs are released unsigned:"
        )
        for path in paths:
            print(f"  unsigned: {path.name}")
        return
    for path in paths:
        print(f"signing {path.name}")
        subprocess.run([*shlex.split(command, posix=os.name != "nt"), str(path)], check=True)


def sbom(out: Path) -> Path:
    """CycloneDX 1.6 JSON of the locked dependency set, the product as its root component."""
    target = out / f"smtp-wizard-{__version__}-sbom.cdx.json"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch())}
    subprocess.run(
        # The warning is about the root's dependencies, which are added below.
        [sys.executable, "-W", "ignore::UserWarning", "-m", "cyclonedx_py", "requirements",
         "--pyproject", str(ROOT / "pyproject.toml"), "--output-reproducible",
         "--output-file", str(target), str(LOCK)],
        check=True, env=env,
    )  # fmt: skip
    document = json.loads(target.read_text(encoding="utf-8"))
    root = document["metadata"]["component"]
    root["version"] = __version__  # dynamic in pyproject.toml, so the generator cannot see it
    root["purl"] = f"pkg:pypi/smtp-wizard@{__version__}"
    # A lock is flat: everything in it is what the product is built from.
    document["dependencies"] = [
        entry for entry in document.get("dependencies", []) if entry["ref"] != root["bom-ref"]
    ] + [{"ref": root["bom-ref"], "dependsOn": sorted(c["bom-ref"] for c in document["components"])}]
    target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_sums(folder: Path) -> Path:
    """SHA256SUMS in the format ``sha256sum -c`` reads, for every other file in ``folder``."""
    files = sorted(path for path in folder.iterdir() if path.is_file() and path.name != SUMS)
    lines = [f"{sha256(path)}  {path.name}\n" for path in files]
    target = folder / SUMS
    target.write_text("".join(lines), encoding="utf-8", newline="\n")
    return target


# ---------------------------------------------------------------------------------------------
# Commands


def installer(folder: Path, out: Path, machine: str) -> Path | None:
    """Windows: the per-user Inno Setup installer (packaging/windows/smtp-wizard.iss), where Inno
    Setup's compiler is installed (the release workflow's Windows runner has it)."""
    iscc = shutil.which("iscc") or shutil.which(r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe")
    if iscc is None:
        print("no Windows installer: Inno Setup's iscc is not installed")
        return None
    name = f"smtp-wizard-setup-{__version__}-windows-{machine}"
    subprocess.run(
        [iscc, "/Qp", f"/DAppVersion={__version__}", f"/DSourceDir={folder}", f"/DOutputDir={out}",
         f"/DOutputName={name}", str(ROOT / "packaging" / "windows" / "smtp-wizard.iss")],
        check=True,
    )  # fmt: skip
    return out / f"{name}.exe"


def pack(out: Path, dist: Path, sign_command: str) -> list[Path]:
    system = system_name()
    tag = f"{__version__}-{system}-{machine_name()}"
    epoch = source_date_epoch()
    out.mkdir(parents=True, exist_ok=True)
    sign(programs(dist, system), sign_command)
    written = []
    if system == "macos":
        # A DMG is signed, notarized and stapled as a whole (the sign command does all three).
        written.append(dmg(dist / "smtp-wizard.app", out / f"smtp-wizard-{tag}.dmg"))
        sign(written[-1:], sign_command)
    elif system == "windows":
        written.append(write_zip(dist / "smtp-wizard", out / f"smtp-wizard-{tag}.zip", epoch))
        setup = installer(dist / "smtp-wizard", out, machine_name())
        if setup is not None:
            sign([setup], sign_command)
            written.append(setup)
    else:
        written.append(write_tar_gz(dist / "smtp-wizard", out / f"smtp-wizard-{tag}.tar.gz", epoch))
    suffix = ".exe" if system == "windows" else ""
    cli = out / f"smtp-wizard-cli-{tag}{suffix}"
    shutil.copyfile(dist / f"smtp-wizard-cli{suffix}", cli)
    cli.chmod(0o755)
    written += [cli, sbom(out)]
    written.append(write_sums(out))
    for path in written:
        print(f"{path.name}: {path.stat().st_size / 1024 / 1024:.1f} MiB")
    return written


def check_tag(tag: str) -> int:
    expected = f"v{__version__}"
    if tag.removeprefix("refs/tags/") != expected:
        print(f"the tag {tag} does not match wizard.__version__ {__version__} (expected the tag {expected})")
        return 1
    print(f"the tag {tag} matches wizard.__version__ {__version__}")
    return 0


def release_notes(tag: str, repo: Path = ROOT) -> str:
    """The commits since the tag before ``tag`` (all of them for the first release)."""
    previous = subprocess.run(
        ["git", "describe", "--tags", "--abbrev=0", "--match", "v*", f"{tag}^"],
        cwd=repo, capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    span = f"{previous}..{tag}" if previous else tag
    log = subprocess.run(
        ["git", "log", "--no-merges", "--format=- %s (%h)", span],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    since = f"since {previous}" if previous else "(first release)"
    return (
        f"## smtp-wizard {tag}\n\n### Changes {since}\n\n{log}\n"
        "### Verify what you downloaded\n\n"
        "`sha256sum -c SHA256SUMS --ignore-missing` (macOS: `shasum -a 256 -c SHA256SUMS --ignore-missing`), "
        "and the build provenance: `gh attestation verify FILE --repo OWNER/REPO`. "
        "`smtp-wizard-*-sbom.cdx.json` lists every dependency inside (CycloneDX). "
        "See the README, *Releases*, for what each file is and what is signed.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("pack")
    p.add_argument("out", type=Path)
    p.add_argument("--dist", type=Path, default=ROOT / "dist")
    p.add_argument("--sign-command", default=os.environ.get("SIGN_COMMAND", ""))
    p = commands.add_parser("unpack")
    p.add_argument("archive", type=Path)
    p.add_argument("dest", type=Path)
    commands.add_parser("sums").add_argument("folder", type=Path)
    commands.add_parser("check-tag").add_argument("tag")
    commands.add_parser("notes").add_argument("tag")
    args = parser.parse_args(argv)
    if args.command == "pack":
        pack(args.out.resolve(), args.dist.resolve(), args.sign_command)
    elif args.command == "unpack":
        print(unpack(args.archive.resolve(), args.dest.resolve()))
    elif args.command == "sums":
        print(write_sums(args.folder.resolve()).read_text(encoding="utf-8"), end="")
    elif args.command == "check-tag":
        return check_tag(args.tag)
    elif args.command == "notes":
        print(release_notes(args.tag), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
