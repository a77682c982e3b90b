using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>What the entities of one parsed message share: options, warnings, and the fallback charset of raw headers.</summary>
internal sealed class MessageContext(MimeParserOptions options)
{
    public MimeParserOptions Options { get; } = options;

    public List<string> Warnings { get; } = [];

    /// <summary>Raw 8-bit header text that is not UTF-8 is read with this: the first text part's charset, else GB18030.</summary>
    public Encoding Fallback { get; set; } = Charsets.GB18030;

    public int Depth { get; init; }
}
