"""Details the documents rarely give (an address, a rate, how to apply, conditions, papers,
processing time …): how a question asks for each and how a quote shows it. A question
asking for one is answered only by an on-topic quote that shows it; otherwise the answer
says the documents do not state it (answer/rules/evidence.py, answer/decide.py).

Example:
    missing_detail("外籍人才 工作许可 办理时限", [Quote(text="…“一窗受理、同时取证”", …)])
    -> "办理时限"
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from answer.rules.extractive import Quote
from ingest.text import fold, unquoted

# How much a procedure sped up, asked right after it: "筹办手续能快多少" asks the time saved,
# not the procedure itself.
_NOT_SPED_UP = (
    r"(?![^，,。？?]{0,3}?(?:快|缩短|压缩|减少|提速)了?[^，,。？?]{0,2}?(?:多少|多久|几))"
)
DETAIL_ON_TOPIC = 0.5  # a quote giving the detail must hold this much of the question itself
# Details the documents rarely give: (name, how a question asks for it, how an answer shows it).
DETAILS = (
    (
        "地址",
        r"地址|办公地点|办理地点|窗口|在哪(?:里|儿)?办|哪条(?:路|街)|怎么(?:过去|走)|(?:坐|乘)(?:车|公交|地铁)|公交(?:车|线)"
        r"|\baddress|which street|how (?:do i|to) get there|by bus|by metro",
        r"地址|路\d|\d+号|窗口|大厅",
    ),
    (
        "电话",
        r"电话|热线|联系方式|手机号|邮箱|客服|phone|hotline|contact|e-?mail",
        r"(?<!\d)\d{3,4}-?\d{7,8}(?!\d)|电话|热线|@",  # not a longer number (索引号)
    ),
    (
        "网址",
        # "官网上标的有效性" names where the asker read something, it asks no address
        r"网址|(?:官网|网站)(?![上里中])|链接|(?:登录|注册|申报|办理)入口|入口在哪|二维码"
        r"|website|web address|\burl\b|\blink\b",
        r"https?://|www\.|网址|网站",
    ),
    ("税率或利率", r"税率|利率|费率|tax rate|interest rate", r"税率|利率|费率"),
    (
        "截止时间",
        r"截止|最后期限|申报时间|报名时间|deadline|due date",
        r"截止|\d{1,2}月\d{1,2}日前",
    ),
    (
        "办公时间",
        r"办公时间|上班时间|工作时间|几点|office hours|opening hours|what time",
        r"\d{1,2}[:：]\d{2}|\d{1,2}点|工作日",
    ),
    (
        "申请办法和材料",
        r"怎么申请|如何申请|申请流程|办理流程|怎么办理|如何办理|申报流程"
        r"|(?:申请|申报|满足|需要|要|入驻|准入)(?:什么|哪些)?条件|条件是什么"
        r"|(?:去|到|向|找)哪(?:个部门|个单位|里|儿)?(?:申请|申报|办理|办)|哪个部门(?:申请|受理|办理)"
        rf"|(?:怎么|如何)报(?:考|名)|什么材料|哪些材料|提交哪些|申请材料|手续{_NOT_SPED_UP}"
        r"|(?:注册|备案|申报|报名|登录)流程|(?:怎么|如何|怎样)(?:注册|登录|登记|开户|备案|报名)"
        r"|(?:怎么|如何|怎样)(?:加入|参与|对接)|(?:走|办)(?:什么|哪些)流程|流程是(?:什么|怎样)"
        r"|how (?:do|does|can|should|to) (?:\w+ ){0,3}(?:apply|register|join)|application process"
        r"|documents? (?:are )?(?:required|needed)|eligib",
        # how to apply, not the word alone ("从设计到材料", "条件相对完善")
        r"申请|申报|提交|(?:申请|申报|所需|相关|提交)材料|流程|步骤|(?:满足|具备|符合|申请|准入)条件|手续",
    ),
    (
        "申请材料",  # what to submit, not that one may apply ("可申请…居留许可")
        r"什么材料|哪些材料|(?:申请|所需|备案|申报|报送|注册|办理)材料|提交哪些"
        r"|准备(?:什么|哪些)"
        r"|what documents|documents? (?:are )?(?:required|needed)|paperwork",
        r"(?:申请|申报|所需|相关|提交|证明|以下)材料|复印件|申请表|证明文件",
    ),
    (
        "资格条件",  # who may apply: "需要什么资质", "有什么条件", "requirements to set up"
        r"资质|(?:什么|哪些)(?:条件|要求|门槛)|条件是什么|门槛|eligib|who (?:can|may) apply"
        r"|what (?:are the )?(?:requirements|qualifications|conditions)|requirements? (?:to|for)"
        r"|minimum (?:[\w-]+ )?(?:investment|capital|amount|size)|\bthreshold",
        # "不设最低注册资本限制" answers whether there is a threshold, and a figure required
        # ("保持年均增速10%以上") what is required of a figure ("增速有什么要求")
        r"(?:满足|具备|符合|准入|申请|以下)[^。；]{0,6}条件|资质|门槛|须具备|应当具备|不设|限制"
        r"|\d\s*%?\s*(?:以上|以内)|不低于\s*\d|不少于\s*\d",
    ),
    (
        "办理时限",
        r"(?:办理|办结|审批|受理)(?:时限|时间|周期)|几个工作日|多久(?:能|可以)?(?:办|批|拿到)"
        r"|processing time|how long does (?:it|the \w+) take",
        r"\d+\s*个?(?:工作日|天|日|小时|分钟)|即办|当场|立等|当日",
    ),
    (
        "金额标准",
        r"收费|价格|多少钱一|每亩多少钱|租金|房租|(?:补贴|补助|奖励)标准|多少钱?(?:落户|房租)?(?:奖励|补贴|补助)"
        r"|报名费|门票|费用(?:是)?多少|多少费用",
        r"\d[\d.]*\s*(?:万|亿)?元.{0,12}(?:补贴|补助|奖励|扶持|收费|租金|费)|(?:补贴|补助|奖励|扶持|收费|租金|费).{0,12}\d[\d.]*\s*(?:万|亿)?元",
    ),
    (
        "补贴或奖励",  # not "subsidiary"
        r"补贴|补助|奖励|奖补|\bsubsid(?:y|ies|i[sz]ed?)\b|\bgrants?\b|\bawards?\b",
        r"补贴|补助|奖励|扶持|奖补",
    ),
    (
        "税收优惠",
        r"减免|免税|税收优惠|所得税|增值税|tax (?:break|incentive|exemption|relief|preference)",
        r"减免|免税|免征|减征|减按|税收优惠|所得税优惠|退税",
    ),
    ("价格或收费标准", r"标准是多少|工资标准|电价|水价|气价|单价", r"\d[\d.]*\s*(?:万|亿)?元"),
    (
        "名称",  # a name asked of something the quote only describes ("中日韩跨境电商平台")
        r"叫什么名字|名字(?:是|叫)什么|名称(?:是|叫)什么|what is (?:it|the \w+) called",
        r"[“《「][^”》」]{2,30}[”》」]",
    ),
    (
        "政策原文",  # the documents cite a policy by name; its articles are not reprinted
        r"(?<!标题)(?<!题目)(?:原文|全文)|全部条款|具体条款|条款内容|full text",
        r"第[一二三四五六七八九十]+条",
    ),
    (
        "编号",  # an identifier, not an amount: "团体标准编号是多少" is not answered by "85%以上"
        r"编号|标准号|证书号|备案号|登记号|注册号|(?:standard|registration|serial|certificate) number",
        r"编号|[A-Z]{1,4}/[A-Z]{0,6}\s*\d|〔\d{4}〕\d+号|No\.\s*\d",
    ),
    (
        "名单",  # names asked for one by one: a count or a list of stages names none
        r"(?<![白黑])名单|名录|全部名称|name list|list of (?:the )?(?:companies|firms|enterprises|banks)",
        r"(?:公司|集团|银行|研究院|大学|中心|实验室)[^。；]{0,40}(?:公司|集团|银行|研究院|大学|中心|实验室)",
    ),
    (
        "面积",
        # "how big is the loan pool" asks for money: only a place's size is an area
        r"面积|平方公里|占地|square (?:met|kilomet)|how (?:big|large) an area"
        r"|how (?:big|large) (?:is|are) (?:the |its |this |that )?(?:[\w-]+ ){0,3}?"
        r"(?:park|zone|area|site|land|base|campus|warehouse|yard|plot|district|port|terminal)s?\b",
        r"\d[\d.]*\s*(?:万)?(?:平方公里|平方米|亩|公顷)",
    ),
    (
        "每家企业或每笔的数额",  # the documents give totals: "每年可为…运输企业节约成本1500万元"
        r"(?:我们|我|每|单)一?家|单个企业|每个企业|单笔|每笔"
        r"|per (?:company|firm|enterprise|loan)|each (?:company|firm|enterprise|loan)",
        r"每家|单家|户均|家均|每户|单个企业|每个企业|单笔|每笔|笔均",
    ),
)


def asks_detail(text: str) -> bool:
    """Whether a text asks for one of the details: "参展费", "申请条件", "地址"."""
    return any(re.search(asks, text, re.I) for _, asks, _ in DETAILS)


def missing_detail(question: str, quotes: Sequence[Quote]) -> str:
    """The first detail asked for that no on-topic quote gives: a tax rule quoted about
    foreign experts does not answer a question on e-commerce firms' taxes."""
    on_topic = [fold(q.text) for q in quotes if q.coverage >= DETAIL_ON_TOPIC]
    printed = [unquoted(text) for text in on_topic]  # “拎包入驻”条件
    for name, asks, gives in DETAILS:
        asked = [m for m in re.finditer(asks, question, re.I) if not _names_own(m, printed)]
        if asked and not any(re.search(gives, text) for text in on_topic):
            return name
    return ""


def _names_own(asked: re.Match[str], printed: Sequence[str]) -> bool:
    """Whether the words asking for a detail are part of a name a quote (folded, quotation
    marks removed) itself prints ("客服中心", "长短名单"): the question names the document's
    thing, it asks no detail."""
    text, start, end = asked.string, asked.start(), asked.end()
    windows = {
        unquoted(fold(text[max(0, start - before) : end + after]))
        for before in range(3)
        for after in range(3)
        if before + after >= 2
    }
    return any(w in q for w in windows if len(w) >= end - start + 2 for q in printed)
