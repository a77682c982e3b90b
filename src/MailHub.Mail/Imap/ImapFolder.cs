namespace MailHub.Mail.Imap;

/// <summary>A folder from LIST: its decoded name (e.g. 已发送), the name on the wire (modified UTF-7), attributes.</summary>
public sealed record ImapFolder(string Name, string EncodedName, char? Delimiter, IReadOnlyList<string> Attributes)
{
    public bool CanSelect => !Has(@"\Noselect") && !Has(@"\NonExistent");

    /// <summary>The RFC 6154 special use (\Sent, \Drafts, \Trash, \Junk, \Archive, \All, \Flagged), if the server says.</summary>
    public string? SpecialUse => Attributes.FirstOrDefault(a =>
        a is @"\Sent" or @"\Drafts" or @"\Trash" or @"\Junk" or @"\Archive" or @"\All" or @"\Flagged");

    public bool Has(string attribute) => Attributes.Contains(attribute, StringComparer.OrdinalIgnoreCase);
}

/// <summary>What SELECT/EXAMINE reported about the open folder.</summary>
public sealed record ImapFolderStatus(string Name, uint UidValidity, uint UidNext, uint Exists, bool ReadOnly, IReadOnlyList<string> Flags);
