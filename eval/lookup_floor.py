"""Choose the 检索 tab's relevance floor from data: the dense cosine a paragraph that
shares no real word with the query must reach to be shown.

Two samples: for every answerable dev question, the gold paragraphs found in the top 10
and how they match (a real query word of two or more characters, or only by meaning); and
for queries about nothing in the documents (written here: daily life, other trades,
gibberish, other countries' rules), the paragraphs the search returns that share no real
word with them. On e5-small those unrelated hits reach cosines as high as the gold ones
matched by meaning only, so the floor is set just above the highest unrelated cosine: a
hit without a shared word is shown only when its meaning is closer than any of them.

    python -m eval.lookup_floor [--split dev]
    gold paragraphs in the top 10: 242; by words 1.00, by meaning only 0.00
    unrelated hits without a real word: 126, cosines 0.743–0.876
    floor 0.88: keeps 0 of 0 meaning-only gold hits, passes 0.00 of the unrelated
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from eval.metrics import ANSWERABLE
from eval.runner import read_jsonl
from eval.split import select
from eval.textmatch import contains, shown
from index.store import PolicyIndex
from settings import Settings
from ui.lookup import lookup_query, real_words

UNRELATED = (
    "明天青岛天气怎么样",
    "红烧肉的做法",
    "世界杯决赛比分",
    "zzzz qqqq",
    "asdf jkl",
    "宠物狗打疫苗多少钱",
    "高考志愿怎么填",
    "手机屏幕碎了去哪修",
    "小孩发烧吃什么药",
    "驾照扣分怎么处理",
    "美国绿卡申请条件",
    "日本留学签证材料",
    "股票开户需要什么",
    "婚姻登记需要带什么",
    "房贷提前还款划算吗",
    "电影院几点开门",
    "how to bake bread",
    "football match tonight",
    "个人所得税专项附加扣除",
    "养老保险断缴怎么办",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.lookup_floor", description=__doc__)
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--split", default="dev", choices=("dev", "test", "all"))
    args = parser.parse_args(argv)
    index = PolicyIndex.load(Settings.from_env())
    by_words, by_meaning = 0, []
    for question in select(read_jsonl(args.questions), args.split):
        if question["type"] not in ANSWERABLE or question.get("history"):
            continue
        quotes = [source["quote"] for source in question.get("sources", [])]
        for fused in index.search_detailed(lookup_query(question["question"]), 10):
            if not any(
                contains(shown(fused.chunk.section, fused.chunk.text), quote) for quote in quotes
            ):
                continue
            if real_words(fused.signals.matched_terms):
                by_words += 1
            else:
                by_meaning.append(fused.signals.dense_cosine)
    unrelated = [
        fused.signals.dense_cosine
        for query in UNRELATED
        for fused in index.search_detailed(lookup_query(query), 10)
        if not real_words(fused.signals.matched_terms)
    ]
    total = by_words + len(by_meaning)
    print(f"gold paragraphs in the top 10: {total}; by words {by_words / total:.2f}, ", end="")
    print(f"by meaning only {len(by_meaning) / total:.2f}")
    floor = math.ceil(max(unrelated) * 100) / 100 if unrelated else 0.0
    kept = sum(c >= floor for c in by_meaning)
    passed = sum(c >= floor for c in unrelated) / max(1, len(unrelated))
    print(f"unrelated hits without a real word: {len(unrelated)}, cosines ", end="")
    print(f"{min(unrelated):.3f}–{max(unrelated):.3f}")
    print(f"floor {floor:.2f}: keeps {kept} of {len(by_meaning)} meaning-only gold hits, ", end="")
    print(f"passes {passed:.2f} of the unrelated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
