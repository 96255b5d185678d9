"""Everyday questions the knowledge base is not for: a yardstick for "not found".

m3e-small puts any Chinese question at cosine 0.70–0.83 from some provision, so the best
similarity alone cannot tell 护照过期了怎么续办 from a real question. Compared with how
close the same query comes to everyday questions (weather, cooking, banking, travel,
school, phones…), it can: a question about work safety is nearer the laws than any of
these, an off-topic one or gibberish is not (benchmarks/README.md, "everyday margin").
The anchors are embedded once per process and model, as queries are (anchors.py).

Editors keep the list (EverydayQuestion snippets, everyday_store.py), seeded with
DEFAULT_EVERYDAY_QUESTIONS, on which the not-found model was fitted: a question added there
pulls queries like it towards "not found" at once, through the same frozen weight.
"""

from __future__ import annotations

import numpy as np

from .anchors import cosines
from .embedder import TextEmbedder

DEFAULT_EVERYDAY_QUESTIONS: tuple[str, ...] = (
    "今天天气怎么样，明天会下雨吗",
    "这道菜怎么做才好吃",
    "附近有什么好玩的地方",
    "孩子感冒发烧吃什么药",
    "去医院看病怎么挂号",
    "医保报销比例是多少",
    "房贷利率是多少",
    "买房需要交哪些税费",
    "信用卡怎么还款",
    "银行卡丢了怎么补办",
    "身份证过期怎么换",
    "护照签证怎么办理",
    "个人所得税怎么申报",
    "工资条怎么看",
    "手机没信号怎么办",
    "电脑中病毒了怎么处理",
    "怎么下载安装软件",
    "交通违章怎么处理",
    "驾照扣分怎么查",
    "离婚孩子抚养权归谁",
    "结婚登记需要什么材料",
    "小孩上学怎么报名",
    "考研复试怎么准备",
    "足球比赛谁赢了",
    "最近有什么好看的电影",
    "推荐一本好看的小说",
    "网购退货怎么退",
    "快递怎么查物流",
    "宠物狗不吃东西怎么办",
    "减肥怎么吃比较好",
    "失眠睡不着怎么办",
    "旅游去哪里比较好玩",
    "火车票怎么买",
    "租房合同要注意什么",
    "股票基金怎么买",
    "手机话费怎么充值",
    "写作文怎么开头",
    "英语单词怎么背",
    "养花浇水要注意什么",
    "汽车保养多久一次",
    "周末加班工资怎么算",
    "春节联欢晚会几点开始直播",
    "办事大厅在哪里，电话是多少",
    "烫伤了涂什么药膏好",
    "出了车祸保险公司怎么理赔",
    "货车限行时间和路段怎么查",
    "贷款逾期了会有什么影响",
    "厂里年终奖什么时候发",
    "单位食堂伙食不好找谁反映",
    "公司年会节目怎么排",
)


def everyday_similarity(
    embedder: TextEmbedder, vector: np.ndarray, questions: tuple[str, ...]
) -> float | None:
    """The query vector's cosine to the nearest of ``questions``; None for none (the
    everyday margin is then neutral, confidence.features)."""
    if not questions:
        return None
    return float(np.max(cosines(embedder, "everyday", questions, vector)))
