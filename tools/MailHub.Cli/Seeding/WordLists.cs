namespace MailHub.Cli.Seeding;

/// <summary>
/// The vocabulary of seeded mail: customer-service words, most frequent first (picks are skewed towards the
/// front, so the last words are rare and searches for them match few conversations).
/// </summary>
internal static class WordLists
{
    public static readonly string[] Chinese =
    [
        "您好", "订单", "请问", "退款", "发货", "快递", "谢谢", "已经", "还没有", "发票", "物流", "地址", "客服", "麻烦", "尽快",
        "账号", "支付", "退货", "换货", "价格", "优惠券", "包裹", "质量", "密码", "登录", "会员", "积分", "尺码", "颜色", "库存",
        "什么时候", "为什么", "怎么办", "可以吗", "不好意思", "预售", "售后", "维修", "安装", "说明书", "充电器", "屏幕", "电池",
        "耳机", "运费", "关税", "海关", "签收", "破损", "缺件", "发错", "催单", "投诉", "赔偿", "延迟", "取消", "修改", "确认",
        "收据", "合同", "报价", "批发", "代理", "样品", "定制", "礼品卡", "生日", "节日", "活动", "满减", "秒杀", "直播", "评价",
        "差评", "好评", "急需",
    ];

    /// <summary>Words of a few messages in a thousand: searches for them match a fraction of a percent of conversations.</summary>
    public static readonly string[] Rare =
    [
        "保修卡", "序列号", "驱动程序", "固件升级", "以旧换新", "增值税专用发票", "蓝牙配对", "防水等级",
        "warranty", "chargeback", "firmware", "bluetooth", "waterproof", "instalment", "trade-in", "serial number",
    ];

    public static readonly string[] English =
    [
        "the", "my", "order", "please", "I", "have", "not", "yet", "is", "and", "for", "with", "refund", "shipping", "delivery",
        "thanks", "hello", "still", "waiting", "invoice", "payment", "account", "password", "return", "exchange", "package",
        "tracking", "address", "price", "discount", "coupon", "quality", "size", "color", "stock", "since", "week", "days", "help",
        "regards", "issue", "problem", "received", "broken", "late", "urgent", "repair", "install", "manual", "charger", "screen",
        "battery", "headphones", "customs", "damaged", "missing", "wrong", "cancel", "change", "confirm", "receipt", "contract",
        "quote", "wholesale", "sample", "custom", "gift", "card", "subscription", "upgrade", "login", "store", "app",
    ];

    public static readonly string[] ChineseSurnames =
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "欧阳", "司马"];

    public static readonly string[] ChineseSurnamesPinyin =
        ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo", "ouyang", "sima"];

    public static readonly string[] ChineseGivenNames =
        ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "建华", "晓东", "子涵", "雨桐"];

    public static readonly string[] ChineseGivenNamesPinyin =
        ["wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie", "juan", "tao", "ming", "chao", "xiuying", "xia", "ping", "jianhua", "xiaodong", "zihan", "yutong"];

    public static readonly string[] LatinFirstNames =
        ["Emma", "Liam", "Olivia", "Noah", "Sophie", "Lukas", "Marie", "Jonas", "Chloé", "Mateo", "Lucía", "Hugo", "Anna", "Felix", "Zoë", "José"];

    public static readonly string[] LatinLastNames =
        ["Smith", "Müller", "Martin", "García", "Rossi", "Schmidt", "Dubois", "Novák", "Jansen", "Silva", "Kowalski", "O'Brien", "Nguyen", "Fischer"];

    public static readonly string[] ChineseDomains = ["qq.com", "163.com", "126.com", "foxmail.com", "sina.com", "aliyun.com"];

    public static readonly string[] LatinDomains = ["gmail.com", "outlook.com", "yahoo.com", "gmx.de", "orange.fr", "proton.me"];

    public static readonly string[] TeamNames = ["售后 After-sales", "Billing 财务", "物流 Logistics", "VIP 客户", "Wholesale 批发"];
}
