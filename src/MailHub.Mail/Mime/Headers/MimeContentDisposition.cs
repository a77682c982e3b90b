using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>A Content-Disposition field (RFC 2183).</summary>
public sealed class MimeContentDisposition
{
    private MimeContentDisposition(string type, MimeParameter[] parameters)
    {
        Type = type;
        Parameters = parameters;
    }

    /// <summary>Lowercase disposition type: "inline", "attachment", or whatever was written.</summary>
    public string Type { get; }

    public IReadOnlyList<MimeParameter> Parameters { get; }

    public bool IsAttachment => Type == "attachment";

    public bool IsInline => Type == "inline";

    public string? GetParameter(string name, Encoding? fallback = null) =>
        ParameterList.Get((MimeParameter[])Parameters, name.ToLowerInvariant(), fallback);

    public override string ToString() => Type;

    public static MimeContentDisposition Parse(ReadOnlySpan<byte> raw)
    {
        var value = HeaderText.Latin1Unfolded(raw);
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon < 0 ? value : value[..semicolon]).Trim();
        type = type switch
        {
            "inline" => "inline",
            "attachment" => "attachment",
            _ => type.ToLowerInvariant(),
        };
        return new MimeContentDisposition(type, semicolon < 0 ? [] : ParameterList.Parse(value, semicolon + 1));
    }
}
