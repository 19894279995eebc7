import pytest

from kg.corpus.modality import sentence_modality, split_sentences, strongest
from kg.corpus.model import Modality

CASES = [
    ("消防车通道必须保持畅通。", Modality.MUST),
    ("严禁在楼梯间停放电动自行车。", Modality.MUST_NOT),
    ("禁止占用疏散通道。", Modality.MUST_NOT),
    ("室内消火栓应设置在明显位置。", Modality.SHALL),
    ("单位应当配置灭火器材。", Modality.SHALL),
    ("疏散门不应采用推拉门。", Modality.SHALL_NOT),
    ("任何单位不得损坏消防设施。", Modality.SHALL_NOT),
    ("消防水泵房宜设置在首层。", Modality.SHOULD),
    ("排烟口不宜设置在疏散出口附近。", Modality.SHOULD_NOT),
    ("丙类仓库可采用湿式系统。", Modality.MAY),
    ("可燃材料仓库的耐火等级为二级。", None),
    ("发生火灾时应急照明自动点亮。", None),
    ("本条例自公布之日起施行。", None),
    ("应急广播应能切换。", Modality.SHALL),
]


@pytest.mark.parametrize(("sentence", "modality"), CASES)
def test_sentence_modality(sentence, modality):
    assert sentence_modality(sentence) == modality


def test_clause_modality_is_the_strongest_sentence():
    sentences = split_sentences("可采用干式系统。喷头间距应经计算确定。严禁堵塞。")
    assert [s.modality for s in sentences] == [Modality.MAY, Modality.SHALL, Modality.MUST_NOT]
    assert strongest([s.modality for s in sentences]) == Modality.MUST_NOT


def test_sentence_offsets_point_into_the_text():
    text = "第一句应设置。第二句可选；"
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.start + len(sentence.text)] == sentence.text
