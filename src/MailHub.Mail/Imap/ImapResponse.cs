namespace MailHub.Mail.Imap;

internal enum ImapResponseKind
{
    Untagged,
    Tagged,
    Continuation,
}

/// <summary>
/// One parsed server response. Values are <c>string</c> (atom, quoted, literal text), <c>List&lt;object?&gt;</c>
/// (parenthesized list) or <c>null</c> (NIL).
/// </summary>
internal sealed class ImapResponse
{
    public ImapResponseKind Kind { get; init; }

    public string? Tag { get; init; }

    /// <summary>The number of "* 5 EXISTS" / "* 3 FETCH".</summary>
    public uint? Number { get; init; }

    /// <summary>Upper-case response name: OK, NO, BAD, BYE, PREAUTH, EXISTS, FETCH, LIST, CAPABILITY, ...</summary>
    public string Name { get; init; } = "";

    /// <summary>The response code inside [ ], without the brackets.</summary>
    public string? Code { get; init; }

    public string Text { get; init; } = "";

    public List<object?> Values { get; init; } = [];

    /// <summary>FETCH items by upper-case name (UID, FLAGS, RFC822.SIZE, BODY[], ...).</summary>
    public Dictionary<string, object?>? Fetch { get; init; }

    public bool IsStatus => Name is "OK" or "NO" or "BAD" or "BYE" or "PREAUTH";

    public string CodeName => Code is null ? "" : Code.Split(' ', 2)[0].ToUpperInvariant();

    public string CodeArguments => Code is null ? "" : Code.Split(' ', 2) is [_, var rest] ? rest : "";

    public override string ToString() => Code is null ? $"{Name} {Text}" : $"{Name} [{Code}] {Text}";
}
