"""Engine speed: documents/s and MB/s on one core, and time against input size.

    python bench/engine.py [--documents 2000] [--sizes-mb 1,5,25,50]

The corpus varies the seeds (cities, platforms, item order) so no two documents are the
same text. Runs in this one process, so on one core.
"""

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.engine.extraction import extract_text  # noqa: E402
from tracker.engine.reading import SourceText  # noqa: E402

CITIES = ["Kediri", "Padang", "Bekasi", "Makassar", "Medan", "Denpasar", "Surabaya", "Bandung"]
PLATFORMS = ["MiChat", "Twitter", "Telegram", "WhatsApp"]


def seeds() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted((ROOT / "tests" / "fixtures" / "data" / "sources").glob("*.txt"))]


def variant(text: str, rng: random.Random) -> str:
    """A seed with other cities and platforms and its numbered items in another order."""
    text = re.sub("|".join(CITIES), lambda _: rng.choice(CITIES), text)
    text = re.sub("MiChat|Twitter", lambda _: rng.choice(PLATFORMS), text)
    items = re.findall(r"(?m)^\d\. .+$", text)
    if len(items) > 1:
        shuffled = items[:]
        rng.shuffle(shuffled)
        numbered = iter(f"{n}. {item.split('. ', 1)[1]}" for n, item in enumerate(shuffled, 1))
        text = re.sub(r"(?m)^\d\. .+$", lambda _: next(numbered), text)
    return text


def corpus(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    base = seeds()
    return [variant(base[index % len(base)], rng) for index in range(count)]


def measure(texts: list[str]) -> tuple[float, int, int]:
    """Seconds of this process's CPU (what one core gives the engine, however busy the
    machine), recommendations found, and bytes read."""
    started = time.process_time()
    found = 0
    for index, text in enumerate(texts):
        found += len(extract_text(SourceText(f"doc{index}.txt", text, "txt")).recommendations)
    return time.process_time() - started, found, sum(len(text.encode("utf-8")) for text in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--sizes-mb", default="1,5,25,50")
    arguments = parser.parse_args()

    measure(corpus(20))  # warm the codebook and regex caches
    seconds, found, size = measure(corpus(arguments.documents))
    print(f"seed-sized corpus: {arguments.documents} documents, {size / 1e6:.2f} MB, {found} recommendations")
    print(f"  {seconds:.2f} s  {arguments.documents / seconds:.0f} documents/s  {size / 1e6 / seconds:.2f} MB/s")

    print("hostile shapes (the engine must stay linear):")
    sentence = "pemerintah perlu meningkatkan layanan kesehatan bagi pekerja seks dan polisi harus menghentikan razia".split()
    rng = random.Random(3)
    paragraph = " ".join(rng.choice(sentence) for _ in range(150_000))[:1_000_000] + "."
    items = "\n".join(f"{n}. Pemerintah perlu menyediakan layanan kesehatan nomor {n}." for n in range(1, 50_001))
    for name, text in (("one 1 MB paragraph", "5.2 Saran\n\n" + paragraph),
                       ("a list of 50,000 items", "5.2 Saran\n\nSaran sebagai berikut:\n" + items)):
        seconds, found, size = measure([text])
        print(f"  {name:<24} {size / 1e6:5.1f} MB  {seconds:6.2f} s  {found} recommendations")

    print("one large document (seeds concatenated):")
    base = "\n\n".join(seeds())
    for megabytes in [float(size) for size in arguments.sizes_mb.split(",")]:
        repeats = max(1, int(megabytes * 1e6 / len(base.encode("utf-8"))))
        seconds, found, size = measure(["\n\n".join([base] * repeats)])
        print(f"  {size / 1e6:6.1f} MB  {seconds:7.2f} s  {size / 1e6 / seconds:5.2f} MB/s  {found} recommendations")


if __name__ == "__main__":
    main()
