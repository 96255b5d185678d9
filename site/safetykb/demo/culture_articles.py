"""Safety-culture articles and accident cases written for the demo (our own text)."""

from datetime import date

ARTICLES = [
    {
        "slug": "safety-culture-plan",
        "title": "把安全文化建设计划落到班组：看得懂、记得住、用得上",
        "kind": "article",
        "date": date(2024, 4, 15),
        "summary": "安全文化不是墙上的标语。本文介绍企业如何制定行之有效的安全文化建设计划，"
        "并通过班前会、岗位练兵和事故回头看，让员工把安全要求变成习惯。",
        "levels": ["principal", "safety_manager", "team_leader"],
        "specialties": ["safety"],
        "posts": [],
        "body": [
            ("heading", "一、从“主要负责人的承诺”开始"),
            (
                "paragraph",
                "<p>主要负责人要亲自组织制定安全文化建设计划，明确年度目标、责任部门和考核办法，"
                "并在全体员工大会上作出安全承诺。计划要具体到每个车间、每个班组，不能只停留在文件上。</p>",
            ),
            ("heading", "二、班组是安全文化落地的最小单元"),
            (
                "paragraph",
                "<p>班组长每天利用班前会讲清当班风险、作业许可和应急处置要点；"
                "每周组织一次岗位练兵，按照“看得懂、记得住、用得上”的原则开展培训；"
                "每月开展一次“事故回头看”，对照事故案例排查本岗位的同类隐患。</p>",
            ),
            (
                "callout",
                {
                    "title": "要点",
                    "text": "考核不合格的员工，按照新上岗人员培训标准脱产培训，考核合格后再上岗。",
                },
            ),
            ("heading", "三、用考核检验培训成效"),
            (
                "paragraph",
                "<p>建立常态化考核和不定期抽考制度，分层次、分专业、分岗位组织考核，"
                "考核结果与岗位资格挂钩，让培训真正转化为员工的安全技能。</p>",
            ),
        ],
    },
    {
        "slug": "case-hot-work-fire",
        "title": "事故案例：检修动火未分析可燃气体浓度引发闪爆",
        "kind": "case",
        "date": date(2024, 5, 20),
        "accident_date": date(2023, 8, 12),
        "accident_place": "某化工企业储罐区（案例经改编）",
        "casualties": "2人死亡、1人受伤",
        "summary": "检修人员在未进行可燃气体分析、未办理动火作业票的情况下对储罐附属管线动火，"
        "罐内残留可燃气体遇明火发生闪爆。",
        "levels": ["team_leader", "operator", "new_hire"],
        "specialties": ["process", "equipment"],
        "posts": ["储运岗", "检修岗"],
        "body": [
            ("heading", "一、事故经过"),
            (
                "paragraph",
                "<p>检修班组在对储罐进料管线法兰进行更换时，为赶工期，未对管线进行置换和可燃气体分析，"
                "也未办理动火作业许可，直接使用气割切割螺栓。切割火花引燃管线内残留可燃气体，"
                "火焰回窜至储罐内发生闪爆。</p>",
            ),
            ("heading", "二、事故原因"),
            (
                "paragraph",
                "<ul><li>违反特殊作业安全规范，动火前未进行气体分析；</li>"
                "<li>作业许可流于形式，监护人员不在现场；</li>"
                "<li>承包商人员安全培训不到位，不清楚动火作业风险。</li></ul>",
            ),
            (
                "callout",
                {
                    "title": "警示",
                    "text": "特殊作业必须严格执行作业许可，动火分析不合格、监护人不到位、安全措施不落实，坚决不动火。",
                },
            ),
            ("heading", "三、防范措施"),
            (
                "paragraph",
                "<p>严格执行特殊作业安全规范，落实作业前风险辨识、气体分析和现场监护；"
                "强化承包商管理，作业人员必须经过安全培训并考核合格；"
                "企业主要负责人要定期检查特殊作业管理制度落实情况。</p>",
            ),
        ],
    },
    {
        "slug": "case-fireworks-warehouse",
        "title": "事故案例：烟花爆竹仓库超量储存引发爆炸",
        "kind": "case",
        "date": date(2024, 6, 3),
        "accident_date": date(2022, 1, 25),
        "accident_place": "某烟花爆竹批发企业仓库（案例经改编）",
        "casualties": "1人死亡、3人受伤",
        "summary": "春节前销售旺季，企业在仓库超量储存、混存不同级别产品，搬运过程中撞击引发爆炸。",
        "levels": ["principal", "safety_manager", "operator"],
        "specialties": ["safety", "fire"],
        "posts": ["仓储岗"],
        "body": [
            ("heading", "一、事故经过"),
            (
                "paragraph",
                "<p>春节前夕，企业为满足销售需求，在仓库内超核定药量储存烟花爆竹，并将不同危险等级的产品混存。"
                "装卸人员在搬运过程中发生纸箱跌落撞击，引发连锁爆炸。</p>",
            ),
            ("heading", "二、教训"),
            (
                "paragraph",
                "<p>节假日、重要活动等特殊时段是事故多发期，企业必须加强特殊时段安全生产工作，"
                "严格落实限量储存、分类存放和装卸作业规程，严厉打击非法生产、非法销售行为。</p>",
            ),
            (
                "callout",
                {
                    "title": "警示",
                    "text": "仓库严禁超量储存、混存，装卸搬运轻拿轻放，严禁摔、碰、撞、拖。",
                },
            ),
        ],
    },
]
