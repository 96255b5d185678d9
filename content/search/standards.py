"""Technical standards the knowledge base does not hold: where a question's answer lives.

The laws and the notice say who must do what; set points, limits, distances, permit
forms and analysis methods live in national and industry standards, which share the
laws' words (报警, 动火, 储罐…) and so come close to some provision without being
answered by it. How near a question comes to what these standards answer, against how
near it comes to the corpus, is one of the not-found model's signals (confidence.py), and
a question judged not found that sits nearest a standard is told which one to consult.

Each entry describes its standard's scope as a worker would ask about it. Editors keep the
list in Wagtail (TechnicalStandard snippets, seeded with DEFAULT_STANDARDS); which entries
count is standards_store.active_standards(). Pure: each ask is embedded once per process
and model, as queries are (anchors.py; warmup.py embeds them at start).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .anchors import cosines
from .embedder import TextEmbedder


@dataclass(frozen=True, slots=True)
class Standard:
    code: str
    title: str
    # What it answers, in the words of someone asking.
    asks: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.code}《{self.title}》"

    @property
    def technical(self) -> bool:
        """A national or industry standard (GB, GBZ, AQ, TSG…), not a rule or regulation
        the corpus leaves out (安全监管总局令…, 国务院令…)."""
        return bool(_CODE.match(unicodedata.normalize("NFKC", self.code).upper()))


# The list the project ships (benchmarks/README.md has what it does to "not found").
DEFAULT_STANDARDS: tuple[Standard, ...] = (
    Standard(
        "GB 30871-2022",
        "危险化学品企业特殊作业安全规范",
        (
            "动火作业票怎么填写，动火作业怎么分级",
            "作业许可证的有效期是多长时间，由谁签字审批",
            "受限空间作业前气体分析合格的标准是多少",
            "高处作业、吊装作业、临时用电、盲板抽堵、动土、断路作业的安全措施和审批",
            "吊装作业按吊物质量怎么分级",
            "动火作业时氧气瓶、乙炔瓶之间和离动火点的安全距离",
        ),
    ),
    Standard(
        "GBZ 2.1-2019",
        "工作场所有害因素职业接触限值 第1部分：化学有害因素",
        (
            "有毒物质在工作场所的职业接触限值是多少",
            "时间加权平均容许浓度和短时间接触容许浓度是多少毫克每立方米",
            "车间空气中化学物质浓度多少算超标",
        ),
    ),
    Standard(
        "GBZ 2.2-2007",
        "工作场所有害因素职业接触限值 第2部分：物理因素",
        (
            "工作场所噪声多少分贝算超标",
            "高温作业和噪声的接触限值是多少",
        ),
    ),
    Standard(
        "GB/T 50493-2019",
        "石油化工可燃气体和有毒气体检测报警设计标准",
        (
            "可燃气体检测报警器的一级报警和二级报警设定值是多少",
            "有毒气体探测器安装在哪里、离泄漏源多远",
            "气体报警仪的报警值怎么设定",
        ),
    ),
    Standard(
        "GB 50016-2014（2018年版）",
        "建筑设计防火规范",
        (
            "厂房和仓库的火灾危险性分类和耐火等级",
            "建筑之间的防火间距是多少米",
            "甲类仓库的占地面积和防火分区有多大",
        ),
    ),
    Standard(
        "GB 50160-2008（2018年版）",
        "石油化工企业设计防火标准",
        (
            "化工装置和储罐离居民区、道路的防火间距是多少米",
            "石油化工厂的火炬和排放系统怎么设计",
            "化工厂总平面布置的防火要求",
        ),
    ),
    Standard(
        "GB 50351-2014",
        "储罐区防火堤设计规范",
        (
            "防火堤的高度和有效容积怎么确定",
            "储罐区防火堤和隔堤怎么设置",
        ),
    ),
    Standard(
        "GB 50058-2014",
        "爆炸危险环境电力装置设计规范",
        (
            "爆炸危险区域0区、1区、2区怎么划分",
            "防爆区域里的电气设备怎么选型",
        ),
    ),
    Standard(
        "GB/T 3836.1-2021",
        "爆炸性环境 第1部分：设备 通用要求",
        (
            "防爆标志Ex d IIB T4是什么意思",
            "防爆电气设备的防爆型式、设备类别和温度组别",
        ),
    ),
    Standard(
        "GB 2894-2008",
        "安全标志及其使用导则",
        (
            "安全标志的颜色和形状各代表什么意思",
            "禁止标志、警告标志、指令标志和提示标志怎么区分",
        ),
    ),
    Standard(
        "GB 50444-2008",
        "建筑灭火器配置验收及检查规范",
        (
            "灭火器多久检查一次，检查哪些项目",
            "灭火器使用几年要报废，压力表指针在哪个区域算正常",
            "灭火器怎么配置和摆放",
        ),
    ),
    Standard(
        "AQ/T 3049-2013",
        "危险与可操作性分析（HAZOP分析）应用导则",
        (
            "HAZOP分析怎么划分节点，引导词有哪些",
            "危险与可操作性分析的步骤和记录表格",
        ),
    ),
    Standard(
        "GB/T 32857-2016",
        "保护层分析（LOPA）应用指南",
        (
            "LOPA分析怎么确定独立保护层",
            "保护层分析的初始事件频率和风险削减怎么算",
        ),
    ),
    Standard(
        "GB/T 21109.1-2022",
        "过程工业领域安全仪表系统的功能安全 第1部分：框架、定义、系统、硬件和应用编程要求",
        (
            "安全完整性等级SIL怎么确定",
            "安全仪表系统SIS的设计和验证要求",
        ),
    ),
    Standard(
        "TSG 21-2016",
        "固定式压力容器安全技术监察规程",
        (
            "安全阀的整定压力和爆破片怎么选",
            "压力容器的充装系数、压力表和安全附件的要求",
            "储罐和压力容器多久做一次定期检验",
        ),
    ),
    Standard(
        "GB/T 3608-2008",
        "高处作业分级",
        ("高处作业按高度怎么分级，每一级是多少米",),
    ),
    Standard(
        "GB 6095-2021",
        "坠落防护 安全带",
        (
            "安全带的技术要求、检验周期和报废",
            "安全带挂点和系挂方式怎么选",
        ),
    ),
    Standard(
        "GB 12158-2006",
        "防止静电事故通用导则",
        (
            "静电接地电阻不能超过多少欧姆",
            "防静电措施和跨接怎么做",
        ),
    ),
    Standard(
        "GB 15603-2022",
        "危险化学品仓库储存通则",
        (
            "危险化学品仓库里的货物怎么堆放、堆多高、间距多少",
            "哪些危险化学品不能存放在一起",
        ),
    ),
    Standard(
        "GB 15577-2018",
        "粉尘防爆安全规程",
        (
            "粉尘爆炸的最小点火能和爆炸下限",
            "除尘系统的泄爆、隔爆和抑爆怎么设置",
        ),
    ),
    Standard(
        "JGJ 130-2011",
        "建筑施工扣件式钢管脚手架安全技术规范",
        ("脚手架立杆、横杆的间距和搭设要求，脚手架怎么验收",),
    ),
    Standard(
        "GB/T 6067.1-2010",
        "起重机械安全规程 第1部分：总则",
        (
            "吊装作业的钢丝绳、吊具报废标准",
            "起重机械的安全装置和操作要求",
        ),
    ),
    Standard(
        "GB/T 16483-2008",
        "化学品安全技术说明书 内容和项目顺序",
        ("化学品安全技术说明书SDS有哪些部分，每一部分写什么",),
    ),
    Standard(
        "GB 18218-2018",
        "危险化学品重大危险源辨识",
        ("重大危险源的临界量是多少吨，怎么计算是否构成重大危险源",),
    ),
    Standard(
        "GB 4387-2008",
        "工业企业厂内铁路、道路运输安全规程",
        ("厂内机动车和叉车的限速是多少，厂区道路怎么行驶",),
    ),
    Standard(
        "GB 11652-2012",
        "烟花爆竹作业安全技术规程",
        (
            "烟花爆竹生产工房里药物和半成品最多能放多少，每个工位定几个人",
            "烟花爆竹装药、筑药、压药这些工序哪些要隔离操作",
        ),
    ),
    Standard(
        "GB 50161-2022",
        "烟花爆竹工程设计安全标准",
        (
            "烟花爆竹工厂的工房和仓库之间的安全距离是多少米",
            "烟花爆竹危险品工房1.1级、1.3级危险等级怎么划分",
        ),
    ),
    Standard(
        "国务院令第455号",
        "烟花爆竹安全管理条例",
        (
            "烟花爆竹生产许可证、批发许可证和零售许可证怎么办",
            "烟花爆竹零售点怎么设，燃放烟花爆竹要遵守什么规定",
        ),
    ),
    Standard(
        "GB 15258-2009",
        "化学品安全标签编写规定",
        ("化学品安全标签上的象形图、信号词和防范说明怎么写，标签贴多大",),
    ),
    Standard(
        "GB 2811-2019",
        "头部防护 安全帽",
        (
            "安全帽的使用期限是几年，到期或受过冲击后要不要报废更换",
            "安全帽怎么选、怎么检验是不是合格",
        ),
    ),
    Standard(
        "GB/T 18664-2002",
        "呼吸防护用品的选择、使用与维护",
        (
            "防毒面具、空气呼吸器怎么选，滤毒罐多久更换一次",
            "空气呼吸器使用前怎么检查，气瓶压力降到多少要报警撤离",
        ),
    ),
    Standard(
        "GB 50140-2005",
        "建筑灭火器配置设计规范",
        (
            "配电室、厨房、仓库等不同场所该配哪种灭火器、配几具",
            "电器着火该用干粉灭火器还是二氧化碳灭火器",
        ),
    ),
    Standard(
        "应急〔2019〕8号",
        "注册安全工程师职业资格制度规定",
        ("注册安全工程师职业资格考试的报名时间和报考条件",),
    ),
    Standard(
        "山西省地方性法规",
        "山西省安全生产条例",
        ("山西省地方的安全生产条例有哪些规定",),
    ),
    Standard(
        "国务院令第586号",
        "工伤保险条例",
        (
            "工伤认定要交哪些材料，怎么申请",
            "工伤赔偿标准和伤残等级",
        ),
    ),
)


def nearest_standard(
    embedder: TextEmbedder, vector: np.ndarray, standards: Sequence[Standard]
) -> tuple[float | None, Standard | None]:
    """The query vector's cosine to the nearest ask of ``standards``, and that standard
    (None, None when there is none)."""
    asks = tuple(ask for standard in standards for ask in standard.asks)
    if not asks:
        return None, None
    similarities = cosines(embedder, "standards", asks, vector)
    best = int(np.argmax(similarities))
    owners = [standard for standard in standards for _ in standard.asks]
    return float(similarities[best]), owners[best]


def is_held(standard: Standard, titles: Sequence[str]) -> bool:
    """Whether one of ``titles`` (live regulation pages) is this standard."""
    return any(standard.title in title or standard.code in title for title in titles)


# A standard's code as people type it: letters, "/T" or "T" for a recommended standard,
# a number with an optional part (GB/T 3836.1, GBZ 2.1), the year left off or not.
_CODE = re.compile(r"([A-Z]{2,4})\s*(?:/\s*T)?\s*(\d+(?:\.\d+)?)")
# A title is named by its main part, before "第1部分：" or a space; shorter ones say too
# little (安全规程) to stand for one standard.
_TITLE_PART = re.compile(r"[\s：:]|第\d+部分")
MIN_TITLE_CHARS = 6


def named_standard(query: str, standards: Sequence[Standard]) -> Standard | None:
    """The standard ``query`` names by code (GB30871, gb/t 50493-2019, GBT3836) or by its
    title's main part, first named first; None when it names none of ``standards``.

    "GB 3836" names GB/T 3836.1 (its part left off); "GB 5001" names no GB 50016."""
    text = unicodedata.normalize("NFKC", query)
    for letters, number in _CODE.findall(text.upper()):
        for standard in standards:
            if _code_names(letters, number, standard.code):
                return standard
    for standard in standards:
        main = _TITLE_PART.split(standard.title, maxsplit=1)[0]
        if len(main) >= MIN_TITLE_CHARS and main in text:
            return standard
    return None


def _code_names(letters: str, number: str, code: str) -> bool:
    match = _CODE.match(unicodedata.normalize("NFKC", code).upper())
    if match is None:  # 国务院令第586号: named by its title only
        return False
    own_letters, own_number = match.groups()
    letters_agree = letters in (own_letters, own_letters + "T")
    return letters_agree and (number == own_number or own_number.startswith(number + "."))
