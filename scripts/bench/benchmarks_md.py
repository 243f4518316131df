"""The one way a benchmark script writes docs/benchmarks.md: its own section, between its markers
<!-- bench:NAME --> and <!-- /bench:NAME -->, replaced in place or appended; every other section
stays as it is."""
import os

HEADER = "# Benchmarks\n\nEach section is written by the script it names; do not edit by hand.\n\n"


def replace_section(path, name, section):
    """Writes `section` (which starts and ends with this name's markers) as NAME's section of `path`."""
    begin_marker, end_marker = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    if not section.lstrip().startswith(begin_marker) or end_marker not in section:
        raise ValueError(f"the {name} section must be wrapped in {begin_marker} ... {end_marker}")
    text = open(path).read() if os.path.exists(path) else HEADER
    start = text.find(begin_marker)
    if start >= 0:
        end = text.index(end_marker, start) + len(end_marker)
        text = text[:start] + section.rstrip("\n") + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as handle:
        handle.write(text)
