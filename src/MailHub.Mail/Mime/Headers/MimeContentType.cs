using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>A Content-Type field (RFC 2045 §5). An invalid value reads as text/plain, as RFC 2045 §5.2 says.</summary>
public sealed class MimeContentType
{
    public static MimeContentType TextPlain { get; } = new("text", "plain", [], isValid: true);

    public static MimeContentType MessageRfc822 { get; } = new("message", "rfc822", [], isValid: true);

    private string? _mimeType;

    internal MimeContentType(string mediaType, string mediaSubtype, MimeParameter[] parameters, bool isValid)
    {
        MediaType = mediaType;
        MediaSubtype = mediaSubtype;
        Parameters = parameters;
        IsValid = isValid;
    }

    /// <summary>Lowercase type, e.g. "text".</summary>
    public string MediaType { get; }

    /// <summary>Lowercase subtype, e.g. "plain".</summary>
    public string MediaSubtype { get; }

    /// <summary>"type/subtype", lowercase.</summary>
    public string MimeType => _mimeType ??= MediaType + "/" + MediaSubtype;

    public IReadOnlyList<MimeParameter> Parameters { get; }

    /// <summary>False when the field was present but unreadable (then this is text/plain).</summary>
    public bool IsValid { get; }

    public bool IsMultipart => MediaType == "multipart";

    /// <summary>The boundary (RFC 2231 form too); trailing blanks dropped, since a boundary cannot end in one (RFC 2046 §5.1.1).</summary>
    public string? Boundary => _boundary ??= ParameterList.Get((MimeParameter[])Parameters, "boundary", null)?.TrimEnd();

    public string? Charset => _charset ??= ParameterList.Get((MimeParameter[])Parameters, "charset", null)?.Trim();

    private string? _boundary;
    private string? _charset;

    public bool Is(string mediaType, string mediaSubtype) => MediaType == mediaType && MediaSubtype == mediaSubtype;

    /// <summary>A parameter's decoded text (RFC 2231, encoded words, raw 8-bit with the fallback charset).</summary>
    public string? GetParameter(string name, Encoding? fallback = null) =>
        ParameterList.Get((MimeParameter[])Parameters, name.ToLowerInvariant(), fallback);

    public override string ToString() => MimeType;

    /// <summary>Parses a raw field value (after the colon).</summary>
    public static MimeContentType Parse(ReadOnlySpan<byte> raw)
    {
        var value = HeaderText.Latin1Unfolded(raw);
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon < 0 ? value : value[..semicolon]).Trim();
        var paren = type.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
            type = type[..paren].Trim();
        var slash = type.IndexOf('/', StringComparison.Ordinal);
        var parameters = semicolon < 0 ? [] : ParameterList.Parse(value, semicolon + 1);
        if (slash <= 0 || slash == type.Length - 1 || type.IndexOf('/', slash + 1) >= 0 || type.AsSpan().IndexOfAny(' ', '\t') >= 0)
            return new MimeContentType("text", "plain", parameters, isValid: false);
        return new MimeContentType(Lower(type[..slash]), Lower(type[(slash + 1)..]), parameters, isValid: true);
    }

    private static string Lower(string s) => s switch
    {
        "text" or "TEXT" or "Text" => "text",
        "plain" or "PLAIN" or "Plain" => "plain",
        "html" or "HTML" or "Html" => "html",
        "multipart" or "MULTIPART" or "Multipart" => "multipart",
        "mixed" or "MIXED" or "Mixed" => "mixed",
        "alternative" or "ALTERNATIVE" or "Alternative" => "alternative",
        "related" or "RELATED" or "Related" => "related",
        "application" or "APPLICATION" or "Application" => "application",
        "image" or "IMAGE" or "Image" => "image",
        "message" or "MESSAGE" or "Message" => "message",
        "rfc822" or "RFC822" or "Rfc822" => "rfc822",
        _ => s.ToLowerInvariant(),
    };
}
