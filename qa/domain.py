"""Is a question about fire safety at all, and does it name a document that is not loaded?

Used for abstention: text ranking always finds *some* clause sharing a word with any
question, so an unlinked question must also be in the domain before it is answered, and
a question about a document the graph does not hold is refused rather than answered from
another document.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sized

from kg.corpus.text import CODE_PREFIXES

# Fire-safety words written by the team: hazards, equipment families, places and acts the
# documents regulate. A question with none of them (and no linked entity) is out of scope.
DOMAIN_TERMS = (
    "火", "燃", "爆", "烟", "焰", "消防", "灭火", "疏散", "逃生", "避难", "安全出口", "防火", "报警", "喷淋", "喷头",
    "消火栓", "危险品", "危险化学品", "化学品", "易燃", "可燃", "隐患", "电动自行车", "电动车", "充电", "楼道",
    "楼梯间", "通道", "高层", "电气", "电线", "用电", "动火", "焊接", "气瓶", "液化", "天然气", "煤气", "应急",
    "救援", "演练", "预案", "防排烟", "排烟", "防烟", "耐火", "阻燃", "保温材料", "装修材料", "易爆", "危化",
    "安全生产", "安全管理", "防雷", "静电", "仓库", "厂房", "人员密集", "公众聚集", "娱乐场所", "消防安全",
)
_NAMED_DOCUMENT = re.compile(r"《([^《》]{2,40})》|\b(NFPA|BS\s?EN|EN|ISO|UL|IEC|ASTM|FM|DIN|JIS|AS(?:/NZS)?|VdS|GB(?:/T)?|GA|XF"
                             r"|JGJ|CECS)\s?-?\d{2,6}|\b(NFPA|OSHA|IBC|IFC|SOLAS|FM\s?Global)\b", re.I)
_FOREIGN = re.compile(r"美国|英国|欧盟|欧洲|日本|德国|法国|韩国|澳大利亚|加拿大|新加坡|俄罗斯|国际标准|NFPA|OSHA|IBC|IFC|SOLAS", re.I)


# Everyday abbreviations in questions, written out as the documents write them. Same length is not
# required: linking reports names from the expanded text.
ABBREVIATIONS = {"危化品": "危险化学品", "电动车": "电动自行车", "建规": "建筑设计防火规范", "消防栓": "消火栓",
                 "灭火筒": "灭火器", "喷淋头": "喷头", "烟感": "感烟火灾探测器", "温感": "感温火灾探测器",
                 "村委会": "村民委员会", "居委会": "居民委员会"}
_ABBREVIATION = re.compile("|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True)))


# Everyday words and the terms the documents use for them, appended to the question for ranking
# only (the question's own words stay): 小区 is a 住宅区, a 物业公司 a 物业服务企业 or 物业管理单位.
SYNONYMS = {
    "小区": "住宅区", "物业公司": "物业服务企业 物业管理单位", "物业": "物业服务企业", "鞭炮": "烟花爆竹",
    "炮仗": "烟花爆竹", "电瓶车": "电动自行车", "抽烟": "吸烟", "KTV": "歌舞厅 娱乐场所", "歌厅": "歌舞厅 娱乐场所",
    "工地": "施工现场", "维保": "维护保养 消防技术服务机构", "楼道": "疏散通道 楼梯间", "堵了": "堵塞", "堵住": "堵塞",
    "地铁": "公共交通工具", "公交": "公共交通工具", "失火": "过失引起火灾", "员工": "从业人员", "职工": "从业人员",
    "开业": "投入使用 营业", "开门营业": "投入使用 营业", "锁上": "锁闭", "锁门": "锁闭", "饭店": "餐饮场所 餐饮",
    "罚多少": "罚款", "消防通道": "消防车通道 疏散通道", "罚则": "法律责任 罚款",
    "不允许": "禁止 严禁 不得", "不准": "禁止 严禁 不得", "不能": "不得 禁止", "汽车": "车辆 道路运输",
    "货车": "车辆 道路运输", "不小心": "过失", "高楼": "高层建筑", "演习": "演练",
    "演唱会": "大型群众性活动", "音乐节": "大型群众性活动", "庙会": "大型群众性活动", "进出货": "出入库",
    "喇叭": "扬声器 广播", "房子": "建筑 房屋", "屋顶": "屋面", "劳保": "劳动防护", "饭馆": "餐饮场所 餐饮",
    "家长": "监护人", "孩子": "未成年人 被监护人", "十几岁": "未成年人", "出钱": "经费 费用",
    "私家车": "停车 车辆", "占了": "占用", "坏了": "损坏 完好有效",
    "窗户": "门窗", "防盗网": "障碍物", "焊接": "电焊 气焊 明火作业", "过期": "完好有效 失效",
    "汽油": "易燃易爆危险品", "柴油": "易燃易爆危险品", "酒精": "易燃易爆危险品 乙醇",
    "老板": "经营者", "开店": "经营 营业", "交通部门": "交通运输主管部门",
    "房东": "出租人 产权单位 所有权人 房屋所有人", "租户": "承租人", "租客": "承租人", "租出去": "出租", "市民": "个人 公民", "老百姓": "个人 公民",
    "辞退": "解除 劳动合同", "开除": "解除 劳动合同", "秋收": "农业收获季节", "过年": "节假日", "过节": "节假日",
    "春节": "节假日", "人多": "人员密集", "司机": "驾驶人员 驾驶人", "告诉": "告知 通知 报告", "收钱": "收取费用 收费",
    "帮忙": "协助", "动工": "开工 施工", "复工": "施工", "完工": "竣工", "化工厂": "化工企业 危险化学品生产企业",
    "治疗": "医疗 救治", "住户": "居民 业主", "收拾": "清理", "解散": "撤销", "禁行": "限制通行 禁止通行",
    "报警器": "报警装置", "投产": "投入生产", "防空洞": "人民防空 人防工程", "彩钢": "金属", "小店": "商店 商铺",
    "超市": "商店 商场", "小作坊": "作坊", "哪些证": "许可证", "什么证": "许可证", "拿到": "取得",
    "岗亭": "构筑物 设施",
    "个体户": "个体工商户", "工人": "从业人员 作业人员", "工伤事故": "生产安全事故 伤亡",
    # written from a list of everyday words no loaded document uses, not from failed questions; 锂电池,
    # 酒吧/夜店, 液化气, 死人 and 过路费 (通行费) were left out, as they answered questions the documents do not
    # cover or moved answers off their evidence
    "煤气罐": "瓶装燃气 液化石油气 钢瓶 气瓶", "稀料": "易燃易爆危险品 稀释剂", "香蕉水": "易燃易爆危险品", "天那水": "易燃易爆危险品",
    "坐牢": "刑事责任", "判刑": "刑事责任", "罚钱": "罚款", "罚单": "罚款", "赔钱": "赔偿",
    "赔人家": "赔偿", "赔别人": "赔偿", "得赔": "赔偿", "要赔": "赔偿", "赔不赔": "赔偿", "怎么赔": "赔偿", "谁来赔": "赔偿",
    "业委会": "业主委员会", "开发商": "建设单位", "楼顶": "屋面", "天台": "屋面", "防盗窗": "障碍物", "铁栅栏": "障碍物",
    "安全门": "安全出口 疏散门", "指示牌": "疏散指示标志", "年检": "全面检测", "配电房": "配电室",
    "住人": "居住 住宿 宿舍", "睡觉": "居住 住宿 宿舍", "寝室": "宿舍", "出租屋": "出租房屋", "民房": "居民住宅",
    "村里": "农村 村庄", "上坟": "烧香 烧纸 野外用火", "祭祀": "烧香 烧纸", "烧荒": "野外用火", "逃跑": "逃生 疏散",
    "农贸市场": "集贸市场", "寺庙": "宗教活动场所", "教堂": "宗教活动场所", "火车站": "车站",
    "面粉": "粉尘", "渔船": "船舶", "轮船": "船舶", "地下商场": "地下商店 商场", "燃气表": "燃气计量表",
    "氧气瓶": "气瓶", "乙炔": "可燃气体 气瓶", "封店": "查封 停业", "飞线": "电气线路", "私拉": "电气线路",
    "乱拉": "电气线路", "教室": "教学",
    "木头": "木结构 木质", "院子": "庭院", "查房": "巡查", "小卖部": "商店 商铺", "指示灯": "疏散指示标志",
    "烟雾报警器": "感烟火灾探测", "刮风": "风力", "风刮": "风力", "摆摊": "摊位", "前台": "总台 服务台",
    "没盖完": "在建工程", "正在盖": "在建工程", "在盖的": "在建工程", "剩下的材料": "余料", "屋里": "室内",
    # what people do to a thing, said as the documents say it (私自挪动燃气管道 → 擅自移动燃气设施)
    "私自": "擅自", "偷偷": "擅自", "挪动": "移动", "挪走": "移动", "拆掉": "拆除", "关掉": "关闭 停用",
    "弄坏": "损坏 毁损", "挡住": "遮挡", "盖住": "覆盖 遮挡", "涂掉": "涂改", "警示牌": "警示标志",
    "反映": "报告 举报", "燃气公司": "燃气经营者", "煤气公司": "燃气经营者", "停气": "暂停供气 停止供气",
    "断气": "暂停供气 停止供气", "把关": "监督检查", "捡到": "捡拾 发现", "没人要": "无主",
    "关门": "停业 闭店 营业结束", "搬走": "清除 清理", "扔掉": "丢弃", "被偷": "被盗 丢失", "偷走": "被盗 丢失",
    "露天": "室外", "隔开": "分隔 防火分隔", "住宅楼": "住宅建筑", "充电桩": "充电设施", "地锁": "障碍物",
    "购物中心": "商业综合体 商场", "看火": "监护", "物业费": "物业服务费用", "漏电开关": "剩余电流动作保护器",
    "漏电保护器": "剩余电流动作保护器", "漏保": "剩余电流动作保护器", "空开": "断路器",
    # and a second list of everyday verbs and phrases (加盖, 锁死, 着火, 盖楼 …); 巡逻 → 巡查 was left out (a
    # must-refuse question on how often guards patrol a store was answered)
    "操作证": "资格证 特种作业", "要回来": "退还 返还", "退钱": "退还", "森林防火": "森林消防",
    "加盖": "搭建 扩建", "搭棚": "搭建", "占道": "占用", "锁死": "锁闭", "封死": "封闭", "关停": "停产停业",
    "乱停": "停放 占用", "烟头": "火种 吸烟", "放炮": "燃放 烟花爆竹", "囤货": "储存 存放",
    "囤积": "储存 存放", "拉货": "运输", "开车": "驾驶", "转租": "出租 承租", "拆迁": "拆除", "翻新": "装修 改建",
    "盖房子": "建设 新建", "盖楼": "建设 新建 施工", "验房": "验收", "办证": "许可 取得", "买保险": "投保 保险",
    "烧伤": "受伤 伤亡", "着火": "火灾 起火", "漏气": "泄漏", "私接": "电气线路",
    # things in a building, as the codes name them
    "暖气片": "散热器", "暖气": "供暖 散热器", "电暖器": "电热散热器", "电暖气": "电热散热器", "取暖器": "电热散热器 电暖器 电热器具",
    "会议室": "会议厅", "发电机": "发电设备", "住着": "居住", "夹心保温": "复合保温结构体 两侧墙体", "两边": "两侧",
    "别的": "其他",
    # a kitchen's and a store's everyday words, as a code for either would write them
    "燃气报警器": "可燃气体探测器 可燃气体报警 燃气泄漏报警", "煤气报警器": "可燃气体探测器 可燃气体报警 燃气泄漏报警",
    "抽油烟机": "排油烟罩 排油烟", "油烟机": "排油烟罩 排油烟", "后厨": "厨房", "煤气灶": "燃气灶具 燃具",
    "燃气灶": "燃气灶具 燃具", "胶管": "软管",
    "餐馆": "餐饮场所 餐饮", "酒楼": "餐饮场所 餐饮", "打烊": "营业结束 停业", "下班": "作业结束 营业结束",
    "收工": "作业结束 营业结束", "货堆": "堆垛", "码货": "堆垛 堆放",
    # a village's and an energy-storage station's
    "居民楼": "住宅建筑 民用建筑", "隔多远": "间距", "柴火垛": "柴草垛", "柴火堆": "柴草垛", "草垛": "柴草垛",
    "农家院": "农家乐 民宿", "自来水": "给水管网 市政给水", "乱堆": "堆放", "储能集装箱": "电池预制舱",
    "储能柜": "电池预制舱", "电池柜": "电池预制舱",
    # a temple's and a care home's
    "烧香": "焚香 上香 香烛", "上香": "焚香 香烛", "纸钱": "烧纸 焚烧 祭祀", "庙里": "宗教活动场所 寺庙",
    "小太阳": "电暖器 电热器具", "插线板": "移动式插座 插座", "插排": "移动式插座 插座", "接线板": "移动式插座 插座",
    "走廊": "走道", "晚上": "夜间", "夜里": "夜间", "氧气罐": "氧气瓶 气瓶",
    # a school's and a garage's
    "大学": "高等学校 高校", "培训班": "培训机构", "地库": "地下车库 汽车库", "灯泡": "白炽灯 灯具",
    "充满电": "充电完成",
    # a shopping mall's and a cold store's
    "美食城": "餐饮区 餐饮场所", "违规": "违反", "冻库": "冷库", "冷冻仓库": "冷库",
    "小孩": "儿童", "管理方": "统一管理单位 管理单位",
    # a temple's and a road tunnel's
    "大殿": "殿堂", "主殿": "殿堂", "正殿": "殿堂", "佛殿": "殿堂", "道观": "宗教活动场所 宫观", "寺院": "宗教活动场所",
    "蜡烛": "香烛 烛台", "油灯": "燃灯 长明灯 灯具", "帘子": "幔帐 帷幔", "布帘": "幔帐 帷幔", "树林": "林木 山林",
    "林子": "林木 山林", "危险品车": "危险货物运输车辆",
    "拉电线": "电气线路 敷设",
    # a laboratory's and a rooftop photovoltaic system's
    "通风橱": "通风柜", "没人看着": "无人值守 无人看护", "没人看": "无人值守", "没人守": "无人值守", "无人看管": "无人值守",
    "鼓包": "鼓胀", "用坏": "废旧", "垃圾桶": "生活垃圾 丢弃", "扔进": "丢弃", "一晚": "过夜", "当天": "当日",
    "气罐": "气瓶 钢瓶", "绳子": "绳索", "一键断电": "快速关断", "断电开关": "快速关断 启动装置",
    # a party named by its role with 方, as the documents name it (承办方 → 承办者 or 承办单位)
    "承办方": "承办者 承办单位", "主办方": "主办者 主办单位", "施工方": "施工单位", "建设方": "建设单位",
    "使用方": "使用单位 使用人", "出租方": "出租人", "承租方": "承租人", "经营方": "经营者 经营单位",
    "运营方": "运营单位 运营者", "监理方": "监理单位", "设计方": "设计单位",
    # a public event's, a wood workshop's, a port's and a battery warehouse's
    "抽风机": "排风机 排风 风机", "排气扇": "排风机 排风", "换气扇": "排风机 排风", "烘干": "干燥", "空当": "净距 间距",
    "空档": "净距 间距", "空隙": "净距 间距", "读数": "检测值 浓度", "电量": "荷电状态", "花灯": "灯组 灯具 彩灯",
    "灯罩": "灯具 外罩", "小吃摊": "餐饮摊位 摊位", "做饭": "烹饪 炊事 加热", "水性漆": "水性涂料", "油漆": "涂料",
    "家具厂": "家具制造", "锯末": "木屑 刨花", "木灰": "木粉尘 粉尘", "电焊": "焊接 动火", "锂电池": "锂离子电池",
    "钢瓶": "气瓶 瓶装",
    # a bottled-gas supplier's, an oil depot's and a local office's (from unseen46-47's questions)
    "灌气": "充装", "灌装": "充装", "送气": "配送", "送煤气": "配送 瓶装燃气", "探头": "探测器",
    "液化气站": "液化石油气供应站 瓶装燃气供应站", "补焊": "焊接 动火", "油罐": "储罐", "油罐车": "罐车 危险货物运输车辆",
    "乡镇政府": "乡镇人民政府",
    # a market's, a livestock farm's and a bus station's everyday words
    "摊主": "经营户 经营者 摊位", "店主": "经营者 经营户", "铺子": "商铺 摊位", "铺面": "商铺", "门面": "商铺 门店",
    "摊子": "摊位", "地摊": "室外摊位 摊位", "摆地摊": "室外摊位 摊位", "收摊": "闭市 营业结束 离开",
    "小工": "雇用人员 从业人员", "帮工": "雇用人员 从业人员", "伙计": "雇用人员 从业人员",
    "应急灯": "应急照明", "停电": "断电 正常电源 供电中断", "铁门": "钢质门 金属门",
    "猪舍": "畜禽舍 畜舍", "猪圈": "畜禽舍 畜舍", "牛棚": "畜禽舍 畜舍", "羊圈": "畜禽舍 畜舍", "鸡舍": "畜禽舍 禽舍",
    "鸭舍": "畜禽舍 禽舍", "鸡棚": "畜禽舍 禽舍", "养猪场": "养殖场 畜禽养殖", "养鸡场": "养殖场 畜禽养殖",
    "炉子": "火炉 炉具 煤炉", "大巴": "客车 大型客车", "大客车": "客车", "大楼": "建筑 综合楼 主楼",
    # a theatre's, a grain depot's and a chemical park's
    "太平门": "疏散门 安全出口", "积灰": "积尘 粉尘", "吹灰": "吹扫 积尘", "粮仓": "仓房 粮食仓库 仓内",
    "危化品车": "危险货物运输车辆 危险化学品运输车辆", "槽罐车": "危险货物运输车辆 罐车",
    "干活": "作业 工作", "禁忌": "禁止 严禁 不得", "接电": "接线 用电 电源",
    # a fireworks shop's and a kindergarten's
    "居民小区": "住宅区 居住区 居民区", "小孩": "未成年人 儿童", "囤": "储存 存放", "囤货": "储存 存放 储存量",
    "放鞭炮": "燃放 烟花爆竹", "放烟花": "燃放 烟花爆竹", "上课": "教学 活动",
    # a floor as people number it (住在三楼) and as documents do (三层, 首层)
    "一楼": "首层 一层", "二楼": "二层", "三楼": "三层", "四楼": "四层", "五楼": "五层", "六楼": "六层",
    "七楼": "七层", "八楼": "八层", "九楼": "九层", "十楼": "十层", "顶楼": "顶层",
    # gases by their English initials, which codes for filling stations use as well (LNG储罐)
    "LPG": "液化石油气", "CNG": "压缩天然气", "LNG": "液化天然气",
    # people, places and things by their everyday names, from the questions of the unseen sets read in the
    # thirty-first round (a distillery's, an escape room's, a pharmacy warehouse's and a care home's)
    "养老院": "养老机构 养老服务机构", "敬老院": "养老机构 养老服务机构", "老人": "老年人",
    "客人": "顾客 消费者 宾客 旅客", "喷淋": "自动喷水 喷头", "火警": "火灾报警 报警",
    "地下室": "地下", "药剂": "灭火剂", "值班": "值守", "老师": "教师 教职工", "人手": "人员",
    "店面": "店铺 门店 商铺", "修好": "修复 维修", "大门": "出口 出入口",
    # and the thirty-second round's (a parcel hub's, a car repair shop's, an exhibition's and an ice rink's)
    "修车": "维修 汽车维修 维修车间", "报备": "报告 备案", "装货": "装卸",
    "展馆": "展厅 展览馆 会展中心 场馆", "展商": "参展单位 参展商 参展企业", "担责": "承担 责任 法律责任",
    "放宽": "增加 可增加 减少 放宽",
    # and the thirty-third's (an underground mall's, a dormitory's, a laundry's, a boarding school's)
    "马路": "道路 街道", "美食街": "餐饮 商业街 美食", "小吃店": "餐饮 店铺 商铺 小吃", "铁链": "锁闭 锁",
    "堆满": "堆放 占用", "口子": "出入口 连通口 洞口", "吹风机": "电吹风 电器 用电器具", "大功率": "功率",
    "衣服": "衣物 服装", "教育局": "教育行政部门 教育主管部门 教育部门", "开张": "开业 营业 投入使用",
    # and the thirty-fourth's (a kitchen exhaust's, a paper mill's, a night market's, a shipyard's, a maintenance
    # standard's and a fire-product inspection's)
    "喷药": "喷放 灭火剂 喷射", "喷口": "出烟口 喷嘴 出口", "巷子": "街巷 巷道", "进不去": "无法进入 不能进入 无法通行",
    "机器": "设备 机械", "气枪": "压缩空气 吹扫", "事先": "事前 提前 预先", "估计": "预计", "选址": "设置 位置",
    "船舱": "舱室 舱内", "刷漆": "涂装 油漆 喷漆", "接手": "承接 接受委托", "压力表": "压力指示器",
    "判断": "判定", "出厂": "生产日期", "第一次": "首次", "出风口": "送风口 排风口", "厂家": "生产者 生产企业 生产厂家",
    "维修工": "维修人员", "喷烟": "试验烟 施烟 发烟", "备用": "备品",
    # and the thirty-fifth's (an archive's and library's, a data centre's, a motorway service area's, a hotel's)
    "打雷": "雷雨 雷电", "下雨": "雷雨 降雨", "防毒面罩": "消防自救呼吸器 防烟面具", "防毒面具": "消防自救呼吸器 防烟面具",
    "烘干机": "烘干设备", "床单": "布草", "被套": "布草", "高峰期": "高峰时段 高峰", "车流": "交通 车辆",
    "明令禁止": "禁止 严禁", "走线架": "桥架 线缆桥架", "强电": "电力线缆 电力", "弱电": "通信线缆 通信",
    "值夜班": "值班 夜间", "保安": "保安员 安保 值班人员", "待多久": "停留时间", "待多长时间": "停留时间",
    "规矩": "规定 制度", "看护": "监护", "装修队": "施工单位 施工",
    # and a few from the earlier sets' answerable questions that were refused (a pharmacy warehouse's, a nursery's)
    "喷雾": "气溶胶 气雾剂", "发胶": "气溶胶 气雾剂", "摊位": "摊点 摊位", "码放": "堆放 堆垛 码垛",
    "托儿所": "托育机构 托育 托儿", "小宝宝": "婴幼儿 幼儿", "留人": "监护 值守", "须知": "安全提示 注意事项",
    # a value asked for by the attribute the documents name it by (最多能盖几层 → 层数不得超过二层, 最高能有多高 →
    # 建筑高度不得超过7.5米); 多宽 → 宽度 and 多少人 → 人数 were tried and left out, as each let must-refuse questions
    # through on a clause stating a width or a head count
    "几层": "层数", "多少层": "层数", "多高": "高度", "多厚": "厚度", "多深": "深度", "多长": "长度", "多长时间": "时间",
    "多重": "重量",
    # and the thirty-sixth's (a funeral home's, a cleanroom's, a rural house's, a waste plant's)
    "无尘": "洁净", "机台": "设备 生产设备", "主通道": "主要通道", "坡度": "坡度 倾斜角度 坡比",
    "烧纸": "焚烧 纸钱 祭品", "芯片": "集成电路 半导体 电子工业",
}
# Everyday words that documents' broad terms cover, so that a question using them is not refused for them, but
# that are not added to a question for ranking, as the terms are in too many clauses to rank by (公司 is a 单位
# wherever a law speaks of one).
COVERED_BY = {"公司": "单位 企业", "工厂": "企业 厂房 生产"}
# Names of one thing written two ways, each used by some documents (消防车道 in the codes, 消防车通道 in the
# laws; 自动喷淋系统 in everyday speech, 自动喷水灭火系统 in the codes): a question linked to one asks about all.
NAME_VARIANTS = (
    ("消防车道", "消防车通道"),
    ("自动喷水灭火系统", "自动喷淋系统", "自动喷淋灭火系统", "喷淋系统", "自动喷淋"),
    ("防火卷帘", "防火卷帘门"),
    ("疏散指示标志", "疏散指示标识"),
)
_VARIANTS = {name: group for group in NAME_VARIANTS for name in group}


def name_variants(name: str) -> list[str]:
    """The name and the other ways documents write it.

    >>> name_variants("消防车道"), name_variants("灭火器")
    (['消防车道', '消防车通道'], ['灭火器'])
    """
    return [name, *(other for other in _VARIANTS.get(name, ()) if other != name)]


_SYNONYM = re.compile("|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)))


# 两栋民用建筑挨得很近 asks about 民用建筑之间, not 厂房与民用建筑
_PAIR_OF = re.compile(r"[两二][栋座幢个]([\u4e00-\u9fff]{2,6}?)(?=挨|离|相邻|紧邻|贴|靠|之间|[，,])")


# 甲、乙、丙类 and 一、二级 name each class or grade: 甲类, 乙类, 丙类 (the codes write both)
_GRADES = re.compile(r"(?P<grades>[甲乙丙丁戊](?:、[甲乙丙丁戊])+(?=类)|[一二三四](?:、[一二三四])+(?=级))(?P<unit>[类级])")


def with_synonyms(question: str, kept: Collection[str] = ()) -> str:
    """The question, abbreviations written out, followed by the document terms for its everyday words
    and by X之间 for two of a thing (两座厂房挨着: the codes say 厂房之间 apart from 厂房与仓库).

    >>> with_synonyms("小区物业公司要负哪些责任")
    '小区物业公司要负哪些责任 住宅区 物业服务企业 物业管理单位'
    >>> with_synonyms("两座厂房挨着，间距多少")
    '两座厂房挨着，间距多少 厂房之间'
    >>> with_synonyms("甲、乙类厂房和一、二级耐火等级的仓库")
    '甲、乙类厂房和一、二级耐火等级的仓库 甲类 乙类 一级 二级'
    >>> with_synonyms("板房最多能盖几层？最高能有多高？喷放要多长时间？")
    '板房最多能盖几层？最高能有多高？喷放要多长时间？ 层数 高度 时间'

    ``kept``: words meant as they are, not as the documents' terms for them (the 地铁 of a loaded metro rule's
    subject is not any 公共交通工具):

    >>> with_synonyms("坐地铁能带充电宝吗", kept=["地铁"])
    '坐地铁能带充电宝吗'
    """
    text = expand_abbreviations(question)
    extra = list(dict.fromkeys(SYNONYMS[match.group()] for match in _SYNONYM.finditer(text)
                               if match.group() not in kept))
    extra += [f"{match.group(1)}之间" for match in _PAIR_OF.finditer(text)]
    extra += [f"{grade}{match['unit']}" for match in _GRADES.finditer(text) for grade in match["grades"].split("、")]
    return " ".join([text, *extra])


# Letters typed in lower case that stand for a code's prefix or an everyday abbreviation written in capitals (gb50016,
# ktv, lpg); units (kg, mm) are left as they are.
_LATIN_RUN = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")
_CAPITALISED = frozenset(word for word in (*ABBREVIATIONS, *SYNONYMS) if word.isascii()) | frozenset(CODE_PREFIXES)


def in_capitals(question: str) -> str:
    """The question with code prefixes and everyday abbreviations typed in lower case written in capitals.

    >>> in_capitals("ktv包间能用蜡烛吗，gb50016怎么说，lpg钢瓶重几kg")
    'KTV包间能用蜡烛吗，GB50016怎么说，LPG钢瓶重几kg'
    """
    return _LATIN_RUN.sub(lambda match: match.group().upper() if match.group().upper() in _CAPITALISED
                          else match.group(), question)


def expand_abbreviations(question: str) -> str:
    """Write everyday abbreviations out in full (危化品 → 危险化学品, 电动车 → 电动自行车).

    >>> expand_abbreviations("危化品仓库能停电动车吗")
    '危险化学品仓库能停电动自行车吗'
    >>> expand_abbreviations("居委会、村委会要做哪些工作")
    '居民委员会、村民委员会要做哪些工作'
    """
    return _ABBREVIATION.sub(lambda match: ABBREVIATIONS[match.group()], question)


def in_domain(question: str) -> bool:
    """Whether the question uses any fire-safety word.

    >>> in_domain("高层住宅楼道里能停电动车吗？"), in_domain("个人所得税怎么算")
    (True, False)
    """
    return any(term in question for term in DOMAIN_TERMS)


# A word is a domain word when its share of the loaded clauses is this many times its share of
# everyday Chinese (jieba's dictionary frequencies), and at least MIN_CLAUSES clauses use it: 上岗,
# 作业, 工伤保险, 工期 are; 公司, 组织, 申请, 员工 are not.
SPECIFICITY_MIN = 1000.0
MIN_CLAUSES = 3


class DomainWords:
    """Words the loaded documents use far more often than everyday Chinese does.

    Complements the team's :data:`DOMAIN_TERMS` with the vocabulary of whatever documents are
    loaded (安全生产法 brings 上岗, 特种作业, 工伤保险), so a question in their field is in the
    domain although it uses no fire word.
    """

    def __init__(self, words: frozenset[str], tokenizer) -> None:
        self.words, self.tokenizer = words, tokenizer

    @classmethod
    def from_postings(cls, postings: Mapping[str, Sized], clauses: int, tokenizer) -> "DomainWords":
        """From an index's token → clauses postings; ``tokenizer`` is a jieba tokenizer (its dictionary
        frequencies stand for everyday Chinese)."""
        tokenizer.check_initialized()
        everyday, total = tokenizer.FREQ, tokenizer.total
        words = frozenset(word for word, found in postings.items()
                          if len(word) >= 2 and len(found) >= MIN_CLAUSES
                          and specificity(len(found), clauses, everyday.get(word, 0), total) >= SPECIFICITY_MIN)
        return cls(words, tokenizer)

    def found_in(self, question: str) -> list[str]:
        """The domain words of a question."""
        return [word for word in self.tokenizer.lcut(question) if word in self.words]

    def holds(self, question: str) -> bool:
        """Whether a question is in the field: a fire word or a domain word in its own words or in the document
        terms of its everyday ones (工伤事故 is a 生产安全事故)."""
        expanded = with_synonyms(question)
        return in_domain(expanded) or bool(self.found_in(expanded))


def specificity(clauses_with: int, clauses: int, everyday_count: int, everyday_total: int) -> float:
    """Share of clauses using a word over its (add-one) share of everyday text.

    >>> round(specificity(25, 2345, 301, 60_000_000))     # 上岗: 25 of 2,345 clauses, 301 in jieba's dictionary
    2118
    """
    return (clauses_with / clauses) / ((everyday_count + 1) / everyday_total)


def unloaded_documents(question: str, linked_documents: list[str]) -> list[str]:
    """Documents the question names that are not among the linked (loaded) ones.

    >>> unloaded_documents("NFPA 13对喷头间距有什么要求", [])
    ['NFPA 13']
    >>> unloaded_documents("FM Global 8-9 数据表对货架仓库的喷头有什么要求", [])
    ['FM Global']
    >>> unloaded_documents("《中华人民共和国消防法》第二十八条", ["《中华人民共和国消防法》"])
    []
    """
    named = []
    for match in _NAMED_DOCUMENT.finditer(question):
        surface = match.group()
        if not any(surface.strip("《》") in linked or linked in surface for linked in linked_documents):
            named.append(surface)
    if not named and _FOREIGN.search(question):
        named.append(_FOREIGN.search(question).group())
    return named


# Question words that say nothing about the topic.
QUESTION_WORDS = ("什么", "怎么", "怎样", "如何", "哪些", "哪个", "哪里", "多少", "是否", "能否", "可以", "可不可以",
                  "需要", "应该", "应当", "要求", "规定", "有关", "相关", "请问", "一下", "帮我", "查一下", "的话",
                  "有没有", "能不能", "会不会", "是不是", "分别", "具体", "主要", "一般", "大概", "最多", "最少",
                  "关于", "条文", "条款", "法规", "文件")
_STOP_CHARS = set("的了吗呢吧么是在有被把会能和与及或对要得地着过就都也还又请")


def blank_out(text: str, phrases: Iterable[str], mark: str = "|") -> str:
    """The text with each phrase replaced by ``mark``, the longest first (室内消火栓 before 消火栓).

    >>> blank_out("室内消火栓和消火栓箱", ["消火栓", "室内消火栓"])
    '|和|箱'
    """
    for phrase in sorted(phrases, key=len, reverse=True):
        text = text.replace(phrase, mark)
    return text


def residual_bigrams(question: str, covered: list[str]) -> set[str]:
    """Topic bigrams of a question once linked names and question words are taken out.

    >>> sorted(residual_bigrams("哪个牌子的灭火器质量最好？", ["灭火器"]))
    ['最好', '牌子', '质量', '量最']
    """
    text = blank_out(question, [*covered, *QUESTION_WORDS])
    bigrams = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        chars = [char for char in run if char not in _STOP_CHARS]
        bigrams |= {"".join(chars[i:i + 2]) for i in range(len(chars) - 1)} if len(chars) > 1 else set()
    return bigrams


def coverage(question: str, covered: list[str], evidence_text: str) -> tuple[float, int]:
    """Share of the question's topic bigrams that occur in the evidence, and how many there were."""
    bigrams = residual_bigrams(question, covered)
    if not bigrams:
        return 1.0, 0
    return sum(bigram in evidence_text for bigram in bigrams) / len(bigrams), len(bigrams)
