using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>
/// What real mail means by its charset labels, where .NET's own code pages read it wrong: mail labelled gb2312 or
/// GBK routinely holds GBK/GB18030 characters, Korean mail labelled ks_c_5601-1987 or euc-kr is CP949 (Unified Hangul
/// Code), and Big5 mail uses the ETEN rows CP950 lacks. MimeKit maps labels to these code pages and asks
/// <see cref="Encoding.GetEncoding(int)"/>, which asks this provider first.
/// </summary>
internal sealed class MailEncodingProvider : EncodingProvider
{
    public static readonly MailEncodingProvider Instance = new();

    internal static Encoding Gb18030 => CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    internal static Encoding Cp949 => CodePagesEncodingProvider.Instance.GetEncoding(949)!;

    public override Encoding? GetEncoding(int codepage) => codepage switch
    {
        936 or 51936 or 20936 => Gb18030, // gb2312, gbk, euc-cn
        51949 => Cp949,                   // euc-kr, ks_c_5601-1987 (MimeKit's mapping)
        950 => Big5Encoding.Instance,
        _ => null,
    };

    public override Encoding? GetEncoding(string name) => name.ToLowerInvariant() switch
    {
        "gb2312" or "gbk" or "x-gbk" or "cp936" or "ms936" or "windows-936" or "gb_2312-80" or "csgb2312" or "euc-cn" or "x-euc-cn" or "chinese" => Gb18030,
        "ks_c_5601-1987" or "ks_c_5601" or "ksc5601" or "ksc_5601" or "euc-kr" or "cp949" or "x-windows-949" or "korean" => Cp949,
        "big5" or "big5-hkscs" or "x-big5" or "cn-big5" or "cp950" => Big5Encoding.Instance,
        _ => null,
    };
}
