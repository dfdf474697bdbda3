#!/usr/bin/env python3
"""Generates src/Grid.Dicom/Data/DicomDictionary.tsv, the DICOM data dictionary (PS3.6) Grid.Dicom embeds.

The source is the machine-readable dictionary dcmtk installs (dicom.dic of the libdcmtk package, itself generated
from PS3.6 and PS3.7). Usage:

    scripts/generate-dicom-dictionary.py [path/to/dicom.dic] [--output FILE | --stdout]

Without a path the file is located through dpkg (the package scripts/install-dcmtk.sh installs).
"""
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "src" / "Grid.Dicom" / "Data" / "DicomDictionary.tsv"

# dcmtk's pseudo VRs for attributes whose VR depends on other attributes, written as PS3.6 writes them.
PSEUDO_VRS = {
    "xs": "US or SS",
    "ox": "OB or OW",
    "px": "OB or OW",
    "lt": "US or SS or OW",
    "up": "UL",
    "na": "NONE",
}

TAG = re.compile(r"^\(([0-9A-F]{4})(?:-([ou]-)?([0-9A-F]{4}))?,([0-9A-F]{4})(?:-([ou]-)?([0-9A-F]{4}))?\)$")


def find_dicom_dic():
    packages = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\n", "libdcmtk*"],
                              capture_output=True, text=True).stdout.split()
    for package in packages:
        listing = subprocess.run(["dpkg-query", "-L", package], capture_output=True, text=True).stdout.split()
        for path in listing:
            if path.endswith("/dicom.dic"):
                return Path(path)
    sys.exit("dicom.dic not found: install dcmtk (scripts/install-dcmtk.sh) or pass the file's path")


def repeating(low, flavour, high, part):
    """A range gg00-ggFF (even numbers only, dcmtk's default) becomes PS3.6's 'ggxx'."""
    if high is None:
        return low
    if flavour is None and low.endswith("00") and high.endswith("FF") and low[:2] == high[:2]:
        return low[:2] + "xx"
    sys.exit(f"unsupported {part} range {low}-{flavour or ''}{high}")


def entries(source):
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        tag, vr, name, vm, version = line.split("\t")
        # Private creator, group length and illegal-group entries are rules the code applies, not attributes.
        if version in ("PRIVATE", "ILLEGAL", "GENERIC"):
            continue
        match = TAG.match(tag.upper())
        if not match:
            sys.exit(f"unexpected tag {tag}")
        group = repeating(match[1], match[2], match[3], "group")
        element = repeating(match[4], match[5], match[6], "element")
        retired = name.startswith("RETIRED_") or version.endswith("/retired")
        keyword = name.removeprefix("RETIRED_")
        yield f"({group},{element})", PSEUDO_VRS.get(vr, vr), vm, keyword, "R" if retired else ""


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    source = Path(args[0]) if args else find_dicom_dic()
    header = source.read_text(encoding="utf-8").splitlines()
    edition = next((l.split(" from ", 1)[1].strip(" .") for l in header if l.startswith("# Generated automatically from")), "")
    rows = sorted(set(entries(source)), key=lambda r: r[0].replace("x", "0"))
    keywords = [r[3] for r in rows]
    duplicates = {k for k in keywords if keywords.count(k) > 1}
    if duplicates:
        sys.exit(f"keywords used twice: {sorted(duplicates)}")
    lines = [
        "# DICOM data dictionary (PS3.6): tag, VR, VM, keyword, R if retired. Generated, do not edit:",
        "# scripts/generate-dicom-dictionary.py from dcmtk's dicom.dic"
        + (f", made from {edition}" if edition else "") + ".",
        "# 'xx' stands for two hex digits: in a group any even value (repeating groups, PS3.5 7.6), in an element any value.",
    ] + ["\t".join(r) for r in rows]
    text = "\n".join(lines) + "\n"
    if "--stdout" in argv:
        sys.stdout.write(text)
    else:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"{OUTPUT.relative_to(REPO)}: {len(rows)} attributes from {source.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
