using System.Collections;
using System.Text;

namespace MailHub.Mail.Mime;

/// <summary>The header fields of an entity, in order; lookups ignore case and the first field of a name wins.</summary>
public sealed class MimeHeaderList : IReadOnlyList<MimeHeader>
{
    private readonly List<MimeHeader> _headers = [];
    private readonly MessageContext _context;

    internal MessageContext Context => _context;

    internal MimeHeaderList(MessageContext context) => _context = context;

    public int Count => _headers.Count;

    public MimeHeader this[int index] => _headers[index];

    internal void Add(MimeHeader header) => _headers.Add(header);

    public bool Contains(string name) => Find(name) is not null;

    /// <summary>The first field with this name, or null.</summary>
    public MimeHeader? Find(string name)
    {
        foreach (var h in _headers)
        {
            if (string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))
                return h;
        }
        return null;
    }

    public IEnumerable<MimeHeader> FindAll(string name) =>
        _headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first field's raw value bytes, or null.</summary>
    public ReadOnlyMemory<byte>? GetRaw(string name) => Find(name)?.RawValue;

    /// <summary>The first field's text: unfolded, encoded words decoded, raw 8-bit read with the message's fallback charset.</summary>
    public string? GetText(string name) => Find(name) is { } h ? HeaderText.DecodeUnstructured(h.RawValue.Span, _context.Fallback) : null;

    /// <summary>The charset raw 8-bit header text of this message is read with when it is not UTF-8.</summary>
    public Encoding FallbackEncoding => _context.Fallback;

    public IEnumerator<MimeHeader> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
