#!/usr/bin/env python3
"""Selects the bundled text samples from the full corpora (see README.md in this folder).

    data/text/select-samples.py SPAM_DATA_DIR POETRY_DIST_DIR

Deterministic: the same corpora give the same sample.
"""
import hashlib, json, os, random, re, shutil, sys

here = os.path.dirname(os.path.abspath(__file__))
spam_dir, poetry_dir = sys.argv[1], sys.argv[2]
rng = random.Random(20240607)


def body_of(raw):
    parts = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)
    return parts[1] if len(parts) > 1 else b""


def spam_sample():
    out = os.path.join(here, "spam-assassin-sample")
    shutil.rmtree(out, ignore_errors=True)
    chosen = {}
    by_body = {}
    candidates = []
    for folder in ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"]:
        for name in sorted(os.listdir(os.path.join(spam_dir, folder))):
            if not name.endswith(".txt"):
                continue
            path = os.path.join(spam_dir, folder, name)
            raw = open(path, "rb").read()
            if len(raw) > 7000:
                continue
            candidates.append((folder, name, raw))
            by_body.setdefault(hashlib.sha256(body_of(raw).strip()).hexdigest(), []).append((folder, name, raw))
    lower = lambda raw: raw.lower()
    kinds = {
        "html": lambda raw: b"content-type: text/html" in lower(raw),
        "base64": lambda raw: b"content-transfer-encoding: base64" in lower(raw),
        "quoted-printable": lambda raw: b"content-transfer-encoding: quoted-printable" in lower(raw),
        "attachment": lambda raw: b"content-disposition: attachment" in lower(raw),
        "multipart": lambda raw: b"content-type: multipart/" in lower(raw),
        "8bit": lambda raw: any(b > 127 for b in raw),
    }
    for kind, test in kinds.items():
        matching = [c for c in candidates if test(c[2])]
        for c in rng.sample(matching, min(9, len(matching))):
            chosen[(c[0], c[1])] = c[2]
    duplicates = [group for group in by_body.values() if len(group) > 1 and len(body_of(group[0][2]).strip()) > 200]
    for group in rng.sample(duplicates, min(8, len(duplicates))):
        for c in group[:3]:
            chosen[(c[0], c[1])] = c[2]
    plain = [c for c in candidates if (c[0], c[1]) not in chosen]
    for folder in ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"]:
        pool = [c for c in plain if c[0] == folder]
        for c in rng.sample(pool, 8):
            chosen[(c[0], c[1])] = c[2]
    for (folder, name), raw in sorted(chosen.items()):
        os.makedirs(os.path.join(out, folder), exist_ok=True)
        open(os.path.join(out, folder, name.replace(".txt", ".eml")), "wb").write(raw)
    print("spam sample:", len(chosen), "e-mails")


def trimmed(poem):
    return {k: poem[k] for k in ("author", "title", "paragraphs") if k in poem}


def write_poems(poems, path):
    """One JSON array, one poem per line."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps(p, ensure_ascii=False) for p in poems) + "\n]\n")


def poetry_sample():
    out = os.path.join(here, "chinese-poetry-sample")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    tang = json.load(open(os.path.join(poetry_dir, "quantangshi", "poet.tang.0.json"), encoding="utf-8"))[:900]
    write_poems([trimmed(p) for p in tang], os.path.join(out, "quantangshi-poet.tang.0.json"))
    # The imperial edition (yuding) of the same anthology: the same poems, often with variant characters or
    # different splitting, so exact and near duplicates of the poems above.
    openings = {"".join(p["paragraphs"])[:6] for p in tang}
    for name in ["001.json", "002.json", "003.json", "004.json", "005.json", "006.json"]:
        poems = json.load(open(os.path.join(poetry_dir, "yudingquantangshi", "json", name), encoding="utf-8"))
        poems = [trimmed(p) for p in poems
                 if "".join(p.get("paragraphs", []))[:6] in openings or rng.random() < 0.05]
        write_poems(poems, os.path.join(out, "yudingquantangshi-" + name))
    shutil.copy(os.path.join(poetry_dir, "..", "LICENSE"), os.path.join(out, "LICENSE"))
    print("poetry sample written")


spam_sample()
poetry_sample()
