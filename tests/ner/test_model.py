"""The fine-tuned extractor: training entry point, saved artefact, committed model, predict CLI, bad inputs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from firekg.cli import cli

pytestmark = pytest.mark.model

TINY = Path(__file__).parent / "data" / "tiny.jsonl"


@pytest.fixture(scope="module")
def smoke_model(tmp_path_factory) -> Path:
    """A model from three training steps of the real `firekg ner train` entry point."""
    out = tmp_path_factory.mktemp("smoke-model")
    result = CliRunner().invoke(cli, ["ner", "train", "--train", str(TINY), "--dev", str(TINY), "--out", str(out),
                                      "--epochs", "1", "--max-steps", "3", "--batch-size", "4"])
    assert result.exit_code == 0, result.output + str(result.exception)
    return out


def test_training_smoke_run_saves_a_complete_small_artefact(smoke_model):
    config = json.loads((smoke_model / "firekg-ner.json").read_text(encoding="utf-8"))
    assert config["label2id"]["B-CLAUSE"] == 5 and config["id2label"]["5"] == "B-CLAUSE"
    assert config["training"]["steps"] == 3 and config["base_fingerprint"]["sha256"]
    assert config["version"] and "micro" in config["dev_metrics"]
    size = sum(path.stat().st_size for path in smoke_model.iterdir())
    assert size < 20 * 1024 * 1024


def test_saved_deltas_reproduce_the_trained_scores(smoke_model):
    from ner.extractor import Extractor
    from ner.tagger import load_tagger
    module, codec, config = load_tagger(smoke_model)
    reloaded = Extractor(module, codec, config)
    again = Extractor.load(smoke_model)
    texts = ["室内消火栓应设置在楼梯间附近的明显位置。", "违反本法第六十条规定的，责令改正。"]
    for first, second in zip(reloaded.score(texts), again.score(texts)):
        assert first.shape == second.shape
        assert abs(first - second).max() < 1e-5


def test_missing_model_says_how_to_get_one(tmp_path):
    from ner.encoder import EncoderError
    from ner.extractor import Extractor
    with pytest.raises(EncoderError, match="firekg ner train"):
        Extractor.load(tmp_path)


@pytest.fixture(scope="module")
def extractor():
    from ner.extractor import Extractor
    return Extractor.load()


KNOWN = [
    ("室内消火栓应设置在楼梯间附近的明显位置。", [("室内消火栓", "EQUIPMENT")]),
    ("违反本法第六十条规定的，责令改正。", [("本法第六十条", "CLAUSE")]),
    ("严禁在疏散通道内堆放可燃材料。", [("疏散通道", "EQUIPMENT"), ("可燃材料", "HAZARD")]),
    ("湿式报警阀组应设置在便于操作的房间内。", [("湿式报警阀组", "EQUIPMENT")]),
]


@pytest.mark.parametrize(("text", "expected"), KNOWN)
def test_committed_model_tags_known_sentences(extractor, text, expected):
    assert [(m.text, m.label) for m in extractor.extract([text])[0]] == expected


def test_offsets_point_into_the_original_text_for_odd_input(extractor):
    long_text = "".join(text for text, _ in KNOWN) * 12
    texts = ["", "\u3000\u3000室内消火栓\x07应设置在明显位置。", "应符合ＧＢ\u200250084的规定，设置消火栓。", long_text]
    results = extractor.extract(texts)
    assert results[0] == []
    for text, mentions in zip(texts, results):
        for mention in mentions:
            assert text[mention.start:mention.end] == mention.text
    assert len(long_text) > 2 * extractor.config.window          # several windows, nothing truncated
    tail = len(long_text) - len(KNOWN[-1][0])                        # the last sentence of the last copy
    assert [(m.text, m.label) for m in results[3] if m.start >= tail] == KNOWN[-1][1]


def test_predict_cli_round_trip(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                                for i, (t, _) in enumerate(KNOWN)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["ner", "predict", "--input", str(source), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == [0, 1, 2, 3]
    for row in rows:
        for entity in row["entities"]:
            assert set(entity) == {"start", "end", "label", "text", "score"}
            assert row["text"][entity["start"]:entity["end"]] == entity["text"]


def test_predict_cli_names_the_bad_line(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "消火栓"}\n{"id": 2}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["ner", "predict", "--input", str(source), "--output", str(tmp_path / "o")])
    assert result.exit_code != 0
    assert "in.jsonl:2" in str(result.exception)


def test_ingest_with_the_model_records_its_name_and_version_on_each_mention(tmp_path, monkeypatch):
    from kg.store import StoreSettings, open_store
    from ner.extractor import Extractor

    sample = Path(__file__).parents[1] / "qa" / "data" / "示例消防管理条例.md"
    monkeypatch.setenv("FIREKG_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(cli, ["ingest", str(sample), "--extractor", "model"])
    assert result.exit_code == 0, result.output
    with open_store(StoreSettings(home=tmp_path / "home")) as store:
        rows = store.read("MATCH (c:Clause)-[m:MENTIONS]->() RETURN c.text AS text, m.start AS start, m.end AS end, "
                          "m.text AS mention, m.extractor AS extractor, m.model_version AS version")
    assert rows
    assert {(row["extractor"], row["version"]) for row in rows} == {("firekg-ner", Extractor.load().version)}
    assert all(row["text"][row["start"]:row["end"]] == row["mention"] for row in rows)


def test_training_without_a_dev_set_keeps_the_last_epoch(tmp_path):
    from ner.data import load_units
    from ner.train import TrainSettings, train_tagger
    config = train_tagger(load_units(TINY), [], TrainSettings(epochs=2, batch_size=8), tmp_path)
    assert config.training["best_epoch"] == 2 and config.dev_metrics == {}


def test_a_soup_is_the_mean_of_its_members(tmp_path):
    from dataclasses import replace

    from safetensors.torch import load_file

    from ner.data import load_units
    from ner.train import TrainSettings, train_soup, train_tagger
    units, settings = load_units(TINY), TrainSettings(epochs=1, max_steps=2, batch_size=4, init_seed=5)
    soup = train_soup(units, units, settings, [1, 2], tmp_path / "soup",
                      evaluate=lambda extractor, dev: {"micro": {"f1": 0.5}})
    assert soup.training["soup_seeds"] == [1, 2] and soup.dev_metrics == {"micro": {"f1": 0.5}}
    members = []
    for seed in (1, 2):
        train_tagger(units, [], replace(settings, seed=seed), tmp_path / str(seed))
        members.append(load_file(str(tmp_path / str(seed) / "deltas.safetensors")))
    averaged = load_file(str(tmp_path / "soup" / "deltas.safetensors"))
    head = "head.weight::full"
    assert not (members[0][head] == members[1][head]).all()
    assert ((members[0][head] + members[1][head]) / 2 - averaged[head]).abs().max() < 1e-6
    layer = next(key for key in averaged if key.endswith("query.weight::q"))

    def delta(saved):
        return saved[layer].float() * saved[layer.replace("::q", "::scale")].float()[:, None]

    mean, got = (delta(members[0]) + delta(members[1])) / 2, delta(averaged)
    assert (mean - got).abs().max() <= 2 * got.abs().max() / 127   # int8 rounding of three deltas


def test_a_model_trained_on_a_slim_encoder_loads_on_the_full_one(tmp_path):
    from ner.encoder import load_model_dir
    from ner.extractor import Extractor
    from ner.tagger import CharCodec, _apply_deltas, build_tagger_module
    runner = CliRunner()
    slim, model = tmp_path / "slim", tmp_path / "model"
    result = runner.invoke(cli, ["ner", "slim-encoder", "--data", str(TINY), "--out", str(slim)])
    assert result.exit_code == 0, result.output + str(result.exception)
    assert json.loads((slim / "config.json").read_text())["vocab_size"] < 1000
    result = runner.invoke(cli, ["ner", "train", "--train", str(TINY), "--dev", str(TINY), "--out", str(model),
                                 "--epochs", "1", "--max-steps", "2", "--batch-size", "4", "--encoder", str(slim)])
    assert result.exit_code == 0, result.output + str(result.exception)
    full = Extractor.load(model)
    tokenizer, encoder = load_model_dir(slim)
    module = build_tagger_module(encoder.float(), len(full.config.id2label))
    _apply_deltas(module, model / "deltas.safetensors")
    on_slim = Extractor(module.eval(), CharCodec.from_tokenizer(tokenizer), full.config)
    texts = ["室内消火栓应设置在楼梯间附近的明显位置。", "严禁在疏散通道内堆放可燃材料。"]
    for first, second in zip(full.score(texts), on_slim.score(texts)):
        assert abs(first - second).max() < 1e-2


def test_asking_for_a_gpu_that_is_not_there_names_the_option():
    import torch
    from kg.errors import ConfigurationError
    from ner.train import training_device
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    with pytest.raises(ConfigurationError, match="--device cuda"):
        training_device("cuda")
    assert training_device("auto").type == "cpu"


def test_cross_validation_reports_a_mean_per_epoch():
    from ner.data import load_units
    from ner.train import TrainSettings, cross_validate
    seen = []

    def evaluate(extractor, held):
        seen.append(len(held))
        return {"micro": {"f1": len(seen) / 10}}

    result = cross_validate(load_units(TINY), TrainSettings(epochs=2, max_steps=None, batch_size=8), 2, evaluate)
    assert seen == [6, 6, 6, 6]                           # 12 units, two folds, two epochs each
    assert result["folds"] == [[0.1, 0.2], [0.3, 0.4]]
    assert result["mean_by_epoch"] == [0.2, 0.3] and result["best_epoch"] == 2
