"""Query expansion from workers' words to the regulations' words (pure, no jieba).

"老板没考过要回去上课吗" finds little by itself: the text says 主要负责人, 考核不合格,
脱产培训. When a worker term occurs in the query, its regulation terms are added.

Matching is leftmost-longest over all worker terms, without overlaps, so 上岗证 fires
once and not also as 证; a term inside one of its entry's `not_within` words (证 in
保证, 证明…) is ignored. Both sides are NFKC-normalised and lowercased.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """Worker terms and the regulation terms they stand for."""

    worker_terms: tuple[str, ...]
    regulation_terms: tuple[str, ...]
    not_within: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Expansion:
    """An expanded query.

    `added_terms` are regulation terms not already in the query. For the vector arm embed
    `expanded_text`; for the lexical arm segment the added terms too (`query_terms`), as a
    multi-word term such as 未经安全生产教育和培训 is no single index token.
    """

    original: str
    added_terms: tuple[str, ...]
    expanded_text: str


def expand_query(query: str, entries: Sequence[GlossaryEntry] | None = None) -> Expansion:
    """Expand the query with the regulation terms of every worker term found in it."""
    entries = DEFAULT_GLOSSARY if entries is None else entries
    text = _normalise(query)
    added: dict[str, None] = {}
    for entry in _matched_entries(text, entries):
        for term in entry.regulation_terms:
            if _normalise(term) not in text:
                added.setdefault(term)
    terms = tuple(added)
    expanded = f"{query} {' '.join(terms)}" if terms else query
    return Expansion(original=query, added_terms=terms, expanded_text=expanded)


def _matched_entries(text: str, entries: Iterable[GlossaryEntry]) -> list[GlossaryEntry]:
    """Entries whose worker terms occur in text, in order of first occurrence."""
    by_first = _terms_by_first_character(tuple(entries))
    matched: list[GlossaryEntry] = []
    position = 0
    while position < len(text):
        for term, entry in by_first.get(text[position], ()):
            if text.startswith(term, position) and not _inside(text, position, term, entry):
                if entry not in matched:
                    matched.append(entry)
                position += len(term)
                break
        else:
            position += 1
    return matched


@functools.lru_cache(maxsize=8)
def _terms_by_first_character(
    entries: tuple[GlossaryEntry, ...],
) -> dict[str, tuple[tuple[str, GlossaryEntry], ...]]:
    """Normalised worker terms by their first character, longest first (a stable sort
    keeps entry order among equals): once per glossary, not per query."""
    candidates = [
        (_normalise(term), entry)
        for entry in entries
        for term in entry.worker_terms
        if _normalise(term)
    ]
    candidates.sort(key=lambda c: -len(c[0]))
    grouped: dict[str, list[tuple[str, GlossaryEntry]]] = {}
    for term, entry in candidates:
        grouped.setdefault(term[0], []).append((term, entry))
    return {first: tuple(terms) for first, terms in grouped.items()}


def _inside(text: str, position: int, term: str, entry: GlossaryEntry) -> bool:
    """Whether the occurrence of term at position lies within one of the entry's `not_within`."""
    end = position + len(term)
    for word in map(_normalise, entry.not_within):
        for start in range(max(0, end - len(word)), position + 1):
            if text.startswith(word, start) and start + len(word) >= end:
                return True
    return False


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def _entry(worker_terms: str, regulation_terms: str, not_within: str = "") -> GlossaryEntry:
    return GlossaryEntry(
        tuple(worker_terms.split()), tuple(regulation_terms.split()), tuple(not_within.split())
    )


# Seed data for chemical, hazardous-chemicals and fireworks work safety. Worker terms are
# what people type; regulation terms are the wording of laws, notices and standards.
DEFAULT_GLOSSARY: tuple[GlossaryEntry, ...] = (
    _entry("老板 厂长 老总 总经理 董事长 一把手", "主要负责人"),
    _entry("工人 员工 职工 工友 伙计", "从业人员 劳动者"),
    _entry("新员工 新工人 新来的 新人", "新上岗人员 从业人员 岗前安全培训"),
    _entry("安全员", "安全生产管理人员 专职安全管理人员"),
    _entry("外包 外包队 外包单位 施工队", "第三方 承包商 发包 承包单位", not_within="外包装"),
    _entry("代做 代写 找人做 找中介", "委托第三方 全权委托"),
    _entry(
        "证 证书 上岗证 操作证 持证 电工证 焊工证",
        "资格 证书 特种作业操作证",
        not_within="保证 证明 验证 论证 认证 证据 凭证 见证 印证 证实 查证 取证 签证 公证"
        " 身份证 执法证 通行证",
    ),
    _entry("考砸 没考过 没考上 没过关 不及格 挂科", "考核不合格"),
    _entry("回去上课 重新培训 再培训 回炉", "脱产培训 培训"),
    _entry("重新上课 离开岗位 停工培训 下岗培训", "脱产培训"),
    _entry("没经过培训 没培训 没有培训 没参加培训 未培训", "未经安全生产教育和培训"),
    _entry("上班 干活 开工", "上岗 作业"),
    _entry("工厂 厂里 厂子 公司 单位", "企业 生产经营单位"),
    _entry("危化品 危险品 化学品", "危险化学品"),
    _entry("鞭炮 炮仗 爆竹 烟花 礼花", "烟花爆竹"),
    _entry("卖", "销售 经营"),
    _entry("仓库 库房 存放 囤货", "储存 仓储"),
    _entry("着火 起火 失火 火灾了", "火灾"),
    _entry("爆炸 炸了 爆了", "爆炸事故"),
    _entry("出事 出事故 出了事", "生产安全事故 事故"),
    _entry("死人 死了人 人死了 伤亡", "人员死亡 伤亡事故"),
    _entry("罚款 罚多少 罚钱 被罚 挨罚 罚几", "罚款 处罚"),
    _entry("没批就建 先建后批 没审批", "未批先建 一案双罚"),
    _entry("违章 违规 乱干 蛮干", "三违 违章指挥 违章作业 违反劳动纪律"),
    _entry("停产 关停 关门", "停产停业 停产整顿"),
    _entry("监控 摄像头 探头", "视频监控"),
    _entry("毒气 漏气 漏了 跑气 泄露", "泄漏 有毒气体"),
    _entry("报警器 测气", "气体检测 可燃气体报警"),
    _entry("动火 电焊 气割 烧焊", "动火作业 特殊作业"),
    _entry("进罐 进塔 进釜 下井 下池子", "受限空间作业 特殊作业"),
    _entry("登高 爬高 高空作业", "高处作业 特殊作业"),
    _entry("吊车 吊东西", "吊装作业 特殊作业 起重机械"),
    _entry("叉车 电梯 锅炉 气瓶 压力罐", "特种设备"),
    _entry("拉电线 接临时电", "临时用电 特殊作业"),
    _entry("修设备 维修 检修", "检维修 检维修作业"),
    _entry("开车 试车", "开车 试生产"),
    _entry("查隐患 找隐患 排查隐患", "隐患排查"),
    _entry("大的危险源 大危险源", "重大危险源"),
    _entry("应急演练 演习", "应急预案演练 演练"),
    _entry("安全帽 劳保 防护服", "劳动防护用品 个体防护"),
    _entry("灭火器 消防栓", "消防设施 消防器材"),
    _entry("过年 春节 国庆 五一 放假", "节假日 特殊时段"),
    _entry("签字", "签名"),
    _entry("谁负责 追责 倒查", "责任倒查 谁负责"),
    _entry("抽烟 吸烟 点烟", "吸烟 明火"),
    _entry("跑出来 逃出来 撤出来 逃生", "撤离 停止作业"),
    _entry("造谣 谣言 瞎传", "虚假信息 编造"),
    _entry("体检 查身体", "职业健康检查", not_within="气体检测 液体检测 固体检测 物体检测"),
    _entry("住人 睡人", "居住 宿舍"),
    _entry("老设备 旧设备 落后设备", "淘汰 落后工艺"),
    _entry("不整改 没整改", "消除事故隐患 整改"),
    _entry("年检 检验到期", "定期检验"),
    _entry("未成年 童工", "未成年工"),
    _entry("签合同 合同", "劳动合同"),
    _entry("网上 网购", "互联网"),
    _entry("快递 寄快递", "快件 交寄"),
    _entry("多装 装多了", "核定载质量 超载"),
    _entry("达标 标准化", "安全生产标准化"),
    _entry("工伤", "工伤保险 安全生产责任保险"),
    # A workers' lexicon by topic (people, records, actions, health, emergencies,
    # equipment, management, training, leadership); benchmarks/README.md has what it moved.
    # people and roles
    _entry("二把手 副总 副厂长 分管领导 分管副总", "其他负责人 分管负责人"),
    _entry("安全科 安全部 安环部 安全处 安监科", "安全生产管理机构"),
    _entry("安全科长 安全经理 安全总监 安全主任", "安全生产管理人员"),
    _entry("消防员 消防队", "专职消防队 消防队员"),
    _entry("义务消防队 义务消防员", "志愿消防队"),
    _entry("注安师 注安 安全工程师", "注册安全工程师"),
    _entry("头号责任 第一责任 负总责 总负责 担总责", "第一责任人 全面负责"),
    _entry("押车 押车的 押运员 跟车", "押运人员"),
    _entry("司机 驾驶员 开车的", "驾驶人员"),
    _entry("临时工 派遣工 劳务派遣 实习生", "被派遣劳动者 实习学生"),
    _entry("咨询公司 咨询机构 中介机构 第三方机构 评价机构", "技术服务 管理服务 机构"),
    # records and documents
    _entry("台账 留底 存档 记录本", "记录 档案"),
    _entry("说明单 说明书 安全资料 msds", "安全技术说明书 安全标签"),
    _entry("花钱 投钱 舍不得花钱 经费 预算", "安全生产投入 资金 费用"),
    _entry("黑名单 拉黑 失信", "严重失信 联合惩戒"),
    # doing things
    _entry("上报 报上去 汇报", "报告"),
    _entry("瞒报 谎报 不报 隐瞒", "迟报 漏报 谎报 瞒报"),
    _entry("保养 校验 校准 标定", "维护 保养 检测 校验"),
    _entry("收拾现场 清理现场 破坏现场", "保护现场 事故现场"),
    _entry("赔钱 赔不赔 赔偿 补偿", "赔偿 补偿"),
    _entry("社保 意外险 买保险 保险", "社会保险 人身意外伤害保险"),
    _entry("安责险", "安全生产责任保险"),
    _entry("租来 租来的 租的 租赁", "出租 承租 租赁"),
    _entry("借走 征用 调用", "征用"),
    _entry("私分 截留 挪用 克扣", "截留 挪用 私分"),
    _entry("被关 取缔 关掉 吊销", "关闭 吊销 取缔"),
    _entry("坐牢 判刑 抓人 拘留", "刑事责任 拘留"),
    _entry("撤职 开除 处分", "撤职 处分"),
    _entry("罚得狠 罚得更狠 重罚 严罚", "惩处力度 从重处罚"),
    # health
    _entry("尘肺 矽肺 粉尘病", "尘肺病 职业病"),
    _entry("口罩 防毒面具 耳塞 手套", "劳动防护用品 职业病防护用品"),
    _entry("粉尘 灰尘 噪音 噪声 毒物", "职业病危害因素"),
    _entry("倒闭 破产", "用人单位不存在 破产"),
    # emergencies
    _entry("救灾 抢险 救人", "应急救援 抢险救灾"),
    _entry("救援队 抢险队", "应急救援队伍 应急救援组织"),
    _entry("救灾物资 物资", "应急救援物资"),
    # equipment
    _entry("压力表 安全阀 液位计", "安全附件 安全保护装置"),
    _entry("行车 天车 航吊 龙门吊", "起重机械"),
    _entry("私拉乱接 乱拉电线 电线", "线路 敷设 电器产品"),
    _entry("煤气罐 液化气罐 煤气", "燃气 液化石油气 燃气用具"),
    _entry("挖沟 动土 挖土", "施工 动土作业"),
    _entry("管线 地下管道", "管道"),
    # management words
    _entry("毛病 漏洞", "问题隐患 事故隐患"),
    _entry("刨根 根子 追根", "根源 深层次问题"),
    _entry("过节 节日 节前", "节假日"),
    _entry("往年 历史上 以前出过", "历史同期 典型事故"),
    _entry("帮扶 上门指导", "督促指导 帮扶"),
    _entry("落到人头 责任到人 具体到人", "责任人 落实责任"),
    _entry("观念 思想", "理念 意识"),
    _entry("干净整齐 整洁 5s 6s", "文明生产 环境 秩序"),
    _entry("硬件", "硬环境 安全投入"),
    _entry("糊弄 应付 走过场 做样子", "应付 形式主义"),
    # training and assessment
    _entry("考试 测验 突击考 抽查考试", "考核 抽考"),
    _entry("补考 重考 再考", "重新考核 考核合格"),
    _entry("课时 几个小时 多少小时", "学时"),
    _entry("上岗前 没上岗", "岗前 上岗前"),
    _entry("班前会 早会 班组会", "班前会 班组安全活动"),
    _entry("培训记录 培训档案", "教育和培训档案"),
    # leadership
    _entry("带头 以身作则 做表率", "带头 示范"),
    _entry("承诺书 保证书 表态", "安全承诺"),
    _entry("下现场 下车间 下班组 转一圈 巡查", "现场检查 履职"),
    _entry("检查组 上面来人 来检查 上级检查", "监管部门 监督检查 执法检查"),
    # accidents
    _entry("逃跑 躲起来 溜了 跑路 跑了 人跑了 失联", "逃匿 擅离职守"),
    _entry("查原因 事故调查", "事故调查 调查处理"),
    # hazardous chemicals, fire, equipment
    _entry("剧毒 剧毒品", "剧毒化学品"),
    _entry("槽车 罐车 拉危化品 运危化品", "道路运输 运输"),
    _entry("消防通道 逃生通道 安全通道 堵了", "疏散通道 安全出口"),
    _entry("火警", "火灾报警"),
    _entry("叉车证 锅炉证 电梯证 司炉证", "特种设备 作业人员 资格"),
    _entry("上牌 办登记", "使用登记"),
    # occupational health
    _entry("调岗 换岗 调走", "调离原工作岗位"),
    _entry("女工 孕妇 怀孕 哺乳", "女职工 孕期 哺乳期"),
    # general
    _entry("疏散 撤人", "疏散 撤离"),
    _entry("举报 投诉 告发 揭发", "举报"),
    _entry("奖金 表彰 奖励", "奖励"),
    _entry("安全费 安全经费", "安全生产费用"),
    _entry("找风险 查风险", "风险辨识 评估 分级管控"),
    # Shorthand a manager or worker uses where the law spells the thing out.
    _entry("现场盯着 盯现场 看着点 旁站", "专门人员 现场安全管理 监护"),
    _entry("堆货 堆东西 堆满 堆杂物 挡住 堵住", "占用 堵塞 妨碍安全疏散"),
    _entry("字据 免责 自己担着 后果自负", "协议 免除 减轻 责任"),
    _entry("gps 定位器 北斗", "卫星定位 定位装置"),
    _entry("假消息 假新闻 不实消息", "虚假信息"),
    _entry("兼任 兼着 兼管 兼职的", "兼职"),
    _entry("按天罚 按天累计 天天罚 每天罚", "按日连续处罚"),
    _entry("假报告 报告造假 出假报告", "失实报告 虚假报告"),
    _entry("临界量 临界标准 达到临界", "重大危险源"),
    _entry("一级危险源 二级危险源 三级危险源 四级危险源", "重大危险源"),
    _entry("个人资料 身份资料 身份信息", "个人信息"),
    _entry("工钱 扣工资 扣钱 扣工钱", "工资待遇 福利"),
    _entry("摔伤 砸伤 烫伤 有人受伤", "伤亡 事故"),
    _entry("底子", "基础管理"),
    _entry("基本功", "基本技能"),
    _entry("先保人 先救人 保命", "生命至上 人员"),
    _entry("摊进成本 算成本 进成本", "生产成本 列支"),
    # A safety manager's own shorthand.
    _entry("三项岗位人员 三类人员", "主要负责人 安全生产管理人员 特种作业人员"),
    _entry("安管人员 安管员", "安全生产管理人员"),
    _entry("安委会", "安全生产委员会"),
    _entry("安评", "安全评价"),
    _entry("三级教育 三级安全教育 厂级教育 车间级教育 班组级教育", "安全生产教育和培训 岗前"),
    _entry("一岗双责 三管三必须", "管行业必须管安全 管业务必须管安全 管生产经营必须管安全"),
    _entry("岗前体检 离岗体检 在岗体检", "职业健康检查 上岗前 在岗期间 离岗时"),
    _entry("对外公开 公示", "公布 向社会公布"),
    _entry("法人 法人代表 法定代表人", "主要负责人", not_within="执法人员 司法人员"),
    _entry("值守", "值班"),
    # The specific laws' duties in a manager's words.
    _entry("危化品仓库 危险品库 化学品库 危化库", "专用仓库 专用储存场所"),
    _entry("进出库 出入库 领料登记", "出入库核查 登记"),
    _entry("双人双锁 两个人管", "双人收发 双人保管"),
    _entry("危化品登记 化学品登记", "危险化学品登记"),
    _entry("商场 饭店 宾馆 酒店 歌厅 ktv 网吧 超市", "公众聚集场所 人员密集场所"),
    _entry("演唱会 庙会 展销会 大型活动", "大型群众性活动"),
    _entry("合格证贴 检验标志 检验标签", "检验合格标志"),
    _entry("设备档案 设备台账", "安全技术档案"),
    _entry("大修 改装", "重大修理 改造"),
    _entry("健康档案 体检档案", "职业健康监护档案"),
    _entry("职业病赔偿 职业病待遇", "职业病病人 待遇 赔偿"),
    _entry("避难所 避难点 躲避的地方", "应急避难场所"),
    _entry("申报危害 危害申报", "职业病危害项目 申报"),
    # The bureau's work points (the seed notice) in the words of those it is sent to.
    _entry("危险工艺 重点工艺 重点监管工艺 重点监管的危化品", "两重点一重大"),
    _entry("自己查自己 内部审核 自我检查", "自我监管机制 内审制度"),
    _entry("风险清单 隐患清单", "两个清单 双重预防"),
    _entry("紧急切断阀 切断阀", "紧急切断 四个系统"),
    _entry("防雷 避雷 打雷", "雷电预警 四个系统"),
    _entry("老储罐 旧储罐 老罐子 旧罐子", "常压储罐 建成时间长"),
    _entry("联网 接入系统 上传数据", "监测联网 监测预警系统", not_within="互联网"),
    _entry("复工 复产 节后开工 停产后开工", "复工复产"),
    _entry("备件不够 原料不够 人手不够 维修的人不够", "原辅材料 备品备件 检维修力量 不足"),
    _entry("每日承诺 每天承诺 承诺卡", "每日风险研判承诺"),
    _entry("消防和应急 联合检查 一起去查", "消地协作"),
    _entry("工况不正常 操作异常 不正常工况", "异常工况"),
    _entry("黑作坊 小作坊 非法生产 无证生产", "打非治违 非法违法生产经营"),
    _entry("移送司法 移交公安 移送公安", "行刑衔接"),
    _entry("老问题 屡查屡犯 反复出现 又出现", "同一隐患重复出现"),
    _entry("光查不改 查了不管 不盯整改", "查出却没有盯着整改"),
    _entry("自己救自己 互相救", "全员自救 自救互救"),
    # The six laws walked through chapter by chapter, each duty in the words people use
    # for it (written from the laws, not from any question set's misses).
    _entry("厂规 作业指导书 操作说明", "规章制度 操作规程"),
    _entry("岗位职责 各管一摊 每个人的责任", "全员安全生产责任制 岗位安全责任"),
    _entry("双预控 双重预防", "安全风险分级管控 隐患排查治理 双重预防机制"),
    _entry("警示牌 警告牌 提示牌 标识牌", "安全警示标志"),
    _entry("强令 硬让干 逼着干", "违章指挥 强令冒险作业"),
    _entry("不听指挥 不服从 不听话 不配合", "不服从管理 不配合"),
    _entry("有权不干 可以不干 拒绝干", "拒绝违章指挥和强令冒险作业"),
    _entry("有啥危险 有什么危险", "危险因素 防范措施 如实告知"),
    _entry("两家一起干 交叉干活 同一块地方干活", "交叉作业 安全管理协议 统一协调"),
    _entry("同时设计同时施工 三同时", "安全设施 同时设计 同时施工 同时投入生产和使用"),
    _entry("预案", "应急预案"),
    _entry("维保 维护保养 保养单位", "维护保养 定期检测"),
    _entry("烟感 喷淋 消火栓 消防水", "自动消防系统 消防设施"),
    _entry("打119 报火警", "报告火警"),
    _entry("锁门 门锁了 锁住 封死", "锁闭 封闭 占用"),
    _entry("报检 送检", "定期检验 检验"),
    _entry("报废 到年限 超期使用", "报废 设计使用年限"),
    _entry("有毒有害岗位 毒害岗位", "职业病危害作业 职业病危害"),
    _entry("职业病鉴定 职业病诊断 看职业病", "职业病诊断 鉴定"),
    _entry("发大水 洪水 暴雨 台风 地震", "自然灾害"),
    _entry("疫情 传染病", "公共卫生事件"),
    _entry("停电 停水 断电", "供电 供水 基本生活必需品"),
    _entry("志愿者 自愿帮忙", "志愿者 志愿服务"),
    _entry("封路 管制 戒严", "交通管制 管制措施", not_within="保管制度"),
    _entry("许可证 安全许可 办证", "安全生产许可证 许可"),
    # Tuning set tune-3's workers' words.
    _entry("工作证 亮证", "行政执法证件 出示"),
    _entry("拉闸 掐电", "停止供电"),
    _entry("魂不守舍 心情不好 情绪不好 想不开 压力大", "心理疏导 精神慰藉"),
    _entry("各干各的 各自为战", "协调联动 统一指挥"),
    _entry("新机器 没见过的机器 新上的设备", "新设备 安全技术特性"),
)
